using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearningHealth.Statistics;

namespace LearningHealth.Cli.Commands;

/// <summary>
/// <c>lhs stats spc | ci | funnel</c>: the statistics library on the command line. Results are JSON on standard
/// output; bad input is one line on standard error with exit code 1.
/// </summary>
internal static class StatsCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Output goes to a terminal or a file, not into HTML: keep "–", "τ²" and the like readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static Command Create(CliContext context) =>
        new("stats", "Statistics as the NHS uses them: SPC charts, confidence intervals, funnel plots")
        {
            Spc(context),
            Ci(context),
            Funnel(context),
        };

    private static Command Spc(CliContext context)
    {
        var values = new Option<string?>("--values") { Description = "Comma-separated values in time order, e.g. 12,15.5,14" };
        var input = new Option<string?>("--input") { Description = "CSV file with a column of values in time order (header optional)" };
        var column = new Option<string?>("--column") { Description = "Which CSV column holds the values, by header name (needed when the file has several)" };
        var improvement = new Option<string?>("--improvement") { Description = "Which way is better: increase (default), decrease or neutral" };
        var target = new Option<string?>("--target") { Description = "Target to judge assurance against" };
        var noScreen = new Option<bool>("--no-screen") { Description = "Do not drop moving ranges of 3.267 × MR̄ or more" };
        var rebase = new Option<string?>("--rebase") { Description = "Zero-based positions where a new segment starts, e.g. 12,24 (the 13th and 25th points)" };
        var baseline = new Option<string?>("--baseline") { Description = "Compute each segment's limits from its first N points only" };
        var command = new Command("spc", "XmR chart as NHS England's Making Data Count defines it")
        {
            values, input, column, improvement, target, noScreen, rebase, baseline,
        };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var series = ReadSeries(parse.GetValue(values), parse.GetValue(input), parse.GetValue(column));
            var options = new XmrOptions
            {
                Improvement = ParseImprovement(parse.GetValue(improvement)),
                Target = parse.GetValue(target) is { } t ? ParseNumber(t, "--target") : null,
                ScreenMovingRanges = !parse.GetValue(noScreen),
                RebaseAt = parse.GetValue(rebase) is { } r ? [.. ParseList(r, "--rebase").Select(v => ToInteger(v.Value, $"--rebase position {v.Position}"))] : [],
                FixBaselineAfter = parse.GetValue(baseline) is { } b ? ToInteger(ParseNumber(b, "--baseline"), "--baseline") : null,
            };
            var chart = XmrChart.Calculate(series, options);
            var latest = chart.Segments[^1];
            await Write(context, new
            {
                mean = latest.Mean,
                lowerProcessLimit = latest.LowerProcessLimit,
                upperProcessLimit = latest.UpperProcessLimit,
                averageMovingRange = latest.AverageMovingRange,
                improvement = options.Improvement,
                target = options.Target,
                points = chart.Points.Select(p => new { value = p.Value, type = p.Type, rule = p.Rule, segment = p.Segment }),
                variation = chart.Variation,
                assurance = chart.Assurance,
                segments = chart.Segments.Select(s => new
                {
                    start = s.Start,
                    count = s.Count,
                    baselineCount = s.BaselineCount,
                    mean = s.Mean,
                    averageMovingRange = s.AverageMovingRange,
                    lowerProcessLimit = s.LowerProcessLimit,
                    upperProcessLimit = s.UpperProcessLimit,
                    lowerNearLimit = s.LowerNearLimit,
                    upperNearLimit = s.UpperNearLimit,
                }),
                warnings = chart.Warnings,
            });
            return 0;
        }));
        return command;
    }

    private static Command Ci(CliContext context)
    {
        var method = new Option<string?>("--method") { Description = "wilson (a proportion x/n), byar or exact (a count x, exact Poisson)" };
        var x = new Option<string?>("--x") { Description = "The count: events, or the numerator of a proportion" };
        var n = new Option<string?>("--n") { Description = "The denominator (wilson only)" };
        var level = new Option<string?>("--level") { Description = "Confidence level between 0 and 1 (default 0.95)" };
        var command = new Command("ci", "Confidence interval as Public Health England computes it") { method, x, n, level };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var name = (parse.GetValue(method) ?? throw new ArgumentException("--method is required: wilson, byar or exact.")).Trim().ToLowerInvariant();
            var count = ParseNumber(parse.GetValue(x) ?? throw new ArgumentException("--x is required."), "--x");
            var confidence = parse.GetValue(level) is { } l ? ParseNumber(l, "--level") : 0.95;
            var denominatorText = parse.GetValue(n);
            if (name != "wilson" && denominatorText is not null)
            {
                throw new ArgumentException($"--n is used only with --method wilson; {name} intervals are for a count.");
            }

            var interval = name switch
            {
                "wilson" => ConfidenceIntervals.Wilson(
                    count,
                    ParseNumber(denominatorText ?? throw new ArgumentException("--n is required for --method wilson."), "--n"),
                    confidence),
                "byar" => ConfidenceIntervals.Byar(count, confidence),
                "exact" => ConfidenceIntervals.ExactPoisson(count, confidence),
                _ => throw new ArgumentException($"unknown method '{name}': use wilson, byar or exact."),
            };
            await Write(context, new { method = name, level = confidence, lower = interval.Lower, upper = interval.Upper });
            return 0;
        }));
        return command;
    }

    private static Command Funnel(CliContext context)
    {
        var input = new Option<string?>("--input") { Description = "CSV with header unit,numerator,denominator (proportions) or unit,observed,expected (ratios)" };
        var type = new Option<string?>("--type") { Description = "proportion or ratio (indirectly standardised, observed/expected)" };
        var method = new Option<string?>("--method") { Description = "Proportion limits: wilson (PHE, default) or spiegelhalter (arcsine)" };
        var overdispersion = new Option<bool>("--overdispersion") { Description = "Widen the limits for overdispersion (Spiegelhalter's τ², with --method spiegelhalter)" };
        var limitsAt = new Option<string?>("--limits-at") { Description = "Print the limits at these sizes instead of the units, e.g. 10,100,1000" };
        var command = new Command("funnel", "Funnel plot limits and flags (Spiegelhalter 2005)") { input, type, method, overdispersion, limitsAt };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var kind = (parse.GetValue(type) ?? throw new ArgumentException("--type is required: proportion or ratio.")).Trim().ToLowerInvariant();
            var path = parse.GetValue(input) ?? throw new ArgumentException("--input is required: a CSV file of units.");
            var sizes = parse.GetValue(limitsAt) is { } s ? ParseList(s, "--limits-at").Select(v => v.Value).ToArray() : null;
            var methodName = parse.GetValue(method)?.Trim().ToLowerInvariant();
            switch (kind)
            {
                case "proportion":
                {
                    // --overdispersion alone implies the Spiegelhalter method, the only one it applies to.
                    var adjust = parse.GetValue(overdispersion);
                    var chosen = methodName switch
                    {
                        null => adjust ? ProportionFunnelMethod.Spiegelhalter : ProportionFunnelMethod.Wilson,
                        "wilson" => ProportionFunnelMethod.Wilson,
                        "spiegelhalter" => ProportionFunnelMethod.Spiegelhalter,
                        _ => throw new ArgumentException($"unknown method '{methodName}': use wilson or spiegelhalter."),
                    };
                    var rows = ReadUnits(path, "numerator", "denominator");
                    var funnel = ProportionFunnel.Fit([.. rows.Select(r => new ProportionUnit(r.Unit, r.A, r.B))], chosen, adjust);
                    var overdispersionJson = funnel.Overdispersion is { } od ? new { phi = od.Phi, tau2 = od.Tau2, adjusted = od.Adjusted } : null;
                    if (sizes is not null)
                    {
                        await WriteLimits(context, kind, chosen.ToString().ToLowerInvariant(), funnel.Target, overdispersionJson, sizes.Select(CheckSize).Select(funnel.LimitsAt));
                        return 0;
                    }

                    await Write(context, new
                    {
                        type = kind,
                        method = chosen.ToString().ToLowerInvariant(),
                        target = funnel.Target,
                        overdispersion = overdispersionJson,
                        units = funnel.Units.Select(u => new
                        {
                            unit = u.Name,
                            numerator = u.Numerator,
                            denominator = u.Denominator,
                            value = u.Value,
                            lower95 = u.Limits.Lower95,
                            upper95 = u.Limits.Upper95,
                            lower998 = u.Limits.Lower998,
                            upper998 = u.Limits.Upper998,
                            flag95 = u.Flag95,
                            flag998 = u.Flag998,
                        }),
                    });
                    return 0;
                }

                case "ratio":
                {
                    if (methodName is not null || parse.GetValue(overdispersion))
                    {
                        throw new ArgumentException("ratio funnels use exact Poisson limits: --method and --overdispersion apply to proportions only.");
                    }

                    var rows = ReadUnits(path, "observed", "expected");
                    var funnel = RatioFunnel.Fit([.. rows.Select(r => new RatioUnit(r.Unit, r.A, r.B))]);
                    if (sizes is not null)
                    {
                        await WriteLimits(context, kind, "exact_poisson", funnel.Target, null, sizes.Select(CheckSize).Select(funnel.LimitsAt));
                        return 0;
                    }

                    await Write(context, new
                    {
                        type = kind,
                        method = "exact_poisson",
                        target = funnel.Target,
                        units = funnel.Units.Select(u => new
                        {
                            unit = u.Name,
                            observed = u.Numerator,
                            expected = u.Denominator,
                            value = u.Value,
                            lower95 = u.Limits.Lower95,
                            upper95 = u.Limits.Upper95,
                            lower998 = u.Limits.Lower998,
                            upper998 = u.Limits.Upper998,
                            flag95 = u.Flag95,
                            flag998 = u.Flag998,
                        }),
                    });
                    return 0;
                }

                default:
                    throw new ArgumentException($"unknown type '{kind}': use proportion or ratio.");
            }
        }));
        return command;
    }

    private static Task WriteLimits(CliContext context, string type, string method, double target, object? overdispersion, IEnumerable<FunnelControlLimits> limits) =>
        Write(context, new
        {
            type,
            method,
            target,
            overdispersion,
            limits = limits.Select(l => new { size = l.Size, lower95 = l.Lower95, upper95 = l.Upper95, lower998 = l.Lower998, upper998 = l.Upper998 }),
        });

    private static async Task Write(CliContext context, object result) =>
        await context.Output.WriteLineAsync(JsonSerializer.Serialize(result, Json));

    private static double CheckSize(double size) =>
        size > 0 ? size : throw new ArgumentException($"--limits-at sizes must be greater than zero (got {size.ToString(CultureInfo.InvariantCulture)}).");

    private static ImprovementDirection ParseImprovement(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "increase" => ImprovementDirection.Increase,
        "decrease" => ImprovementDirection.Decrease,
        "neutral" => ImprovementDirection.Neutral,
        _ => throw new ArgumentException($"unknown improvement direction '{text}': use increase, decrease or neutral."),
    };

    private static double[] ReadSeries(string? values, string? input, string? column)
    {
        if ((values is null) == (input is null))
        {
            throw new ArgumentException("give the values either with --values 1.2,3.4,… or with --input file.csv (one of them).");
        }

        if (values is not null)
        {
            if (column is not null)
            {
                throw new ArgumentException("--column applies to --input only.");
            }

            return [.. ParseList(values, "--values").Select(v => v.Value)];
        }

        var records = CsvFile.Read(input!);
        if (records.Count == 0)
        {
            throw new ArgumentException($"{input} has no values.");
        }

        var first = records[0];
        var hasHeader = column is not null || first.Fields.Any(f => !TryParseNumber(f, out _));
        var index = 0;
        if (column is not null)
        {
            index = IndexOf(first, column) ?? throw new ArgumentException($"{input} has no column named '{column}' in its header.");
        }
        else if (first.Fields.Count > 1)
        {
            index = (hasHeader ? IndexOf(first, "value") : null)
                ?? throw new ArgumentException($"{input} has {first.Fields.Count} columns: name the one to chart with --column.");
        }

        var series = new List<double>();
        foreach (var record in hasHeader ? records.Skip(1) : records)
        {
            series.Add(CsvNumber(input!, record, index, first, hasHeader));
        }

        if (series.Count == 0)
        {
            throw new ArgumentException($"{input} has a header but no values.");
        }

        return [.. series];
    }

    private static List<(string Unit, double A, double B)> ReadUnits(string path, string a, string b)
    {
        var records = CsvFile.Read(path);
        var expected = $"unit,{a},{b}";
        if (records.Count == 0)
        {
            throw new ArgumentException($"{path} is empty: it needs the header {expected} and a row per unit.");
        }

        var header = records[0];
        if (IndexOf(header, "unit") is not { } unitColumn || IndexOf(header, a) is not { } aColumn || IndexOf(header, b) is not { } bColumn)
        {
            throw new ArgumentException($"{path} line {header.Line}: the header must name the columns {expected} (found {string.Join(",", header.Fields)}).");
        }

        var units = new List<(string, double, double)>();
        foreach (var record in records.Skip(1))
        {
            var unit = unitColumn < record.Fields.Count ? record.Fields[unitColumn] : "";
            var first = CsvNumber(path, record, aColumn, header, true);
            var second = CsvNumber(path, record, bColumn, header, true);
            if (first < 0)
            {
                throw new ArgumentException($"{path} line {record.Line}, column '{a}': {a} must be zero or more (got {Format(first)}).");
            }

            if (second <= 0)
            {
                throw new ArgumentException($"{path} line {record.Line}, column '{b}': {b} must be greater than zero (got {Format(second)}).");
            }

            if (a == "numerator" && first > second)
            {
                throw new ArgumentException($"{path} line {record.Line}: the numerator ({Format(first)}) is larger than the denominator ({Format(second)}).");
            }

            units.Add((unit, first, second));
        }

        if (units.Count == 0)
        {
            throw new ArgumentException($"{path} has a header but no units.");
        }

        return units;
    }

    private static double CsvNumber(string path, CsvRecord record, int index, CsvRecord header, bool hasHeader)
    {
        var name = hasHeader && index < header.Fields.Count ? $"'{header.Fields[index]}'" : (index + 1).ToString(CultureInfo.InvariantCulture);
        if (index >= record.Fields.Count || record.Fields[index].Length == 0)
        {
            throw new ArgumentException($"{path} line {record.Line}, column {name}: the value is missing.");
        }

        var text = record.Fields[index];
        return TryParseNumber(text, out var value)
            ? value
            : throw new ArgumentException($"{path} line {record.Line}, column {name}: '{text}' is not a number.");
    }

    private static int? IndexOf(CsvRecord header, string name)
    {
        for (var i = 0; i < header.Fields.Count; i++)
        {
            if (string.Equals(header.Fields[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    private static List<(int Position, double Value)> ParseList(string text, string option)
    {
        var parts = text.Split(',');
        if (parts.All(p => p.Trim().Length == 0))
        {
            throw new ArgumentException($"{option} is empty: give comma-separated numbers.");
        }

        var list = new List<(int, double)>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (!TryParseNumber(part, out var value))
            {
                throw new ArgumentException(part.Length == 0
                    ? $"{option}: value {i + 1} is empty."
                    : $"{option}: value {i + 1} ('{part}') is not a number.");
            }

            list.Add((i + 1, value));
        }

        return list;
    }

    private static double ParseNumber(string text, string option) =>
        TryParseNumber(text.Trim(), out var value) ? value : throw new ArgumentException($"{option}: '{text}' is not a number.");

    private static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static int ToInteger(double value, string what) =>
        value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new ArgumentException($"{what}: '{Format(value)}' is not a whole number.");

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
