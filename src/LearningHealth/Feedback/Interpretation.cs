using System.Globalization;
using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

/// <summary>One period of a unit's own SPC series (only periods with at least the minimum denominator are charted).</summary>
public readonly record struct SeriesPoint(DateOnly Period, double Value);

/// <summary>What an interpretation is made from: the latest period's counts, its funnel position and the unit's SPC series.</summary>
public sealed record InterpretationInput
{
    public required string Title { get; init; }
    public required ImprovementDirection Improvement { get; init; }
    public double? Target { get; init; }
    public int MinimumDenominator { get; init; } = 1;

    /// <summary>The period reported (the latest period with results for the unit).</summary>
    public required DateOnly Period { get; init; }
    public required long Numerator { get; init; }
    public required long Denominator { get; init; }

    /// <summary>Position in the latest period's funnel among peers; null when the unit is not on the funnel.</summary>
    public FunnelFlag? Flag95 { get; init; }
    public FunnelFlag? Flag998 { get; init; }

    /// <summary>
    /// The latest period with any cases when it is later than <see cref="Period"/> (it had too few cases to chart),
    /// with its denominator, so the reader knows why an earlier month is reported.
    /// </summary>
    public DateOnly? LaterPeriod { get; init; }
    public long LaterDenominator { get; init; }

    /// <summary>The charted periods in time order (the SPC series).</summary>
    public IReadOnlyList<SeriesPoint> Series { get; init; } = [];

    /// <summary>Positions in <see cref="Series"/> where the chart re-bases (a change of definition).</summary>
    public IReadOnlyList<int> RebaseAt { get; init; } = [];
}

/// <summary>The interpretation, sentence by sentence, and what kind of signal it carries.</summary>
public sealed record InterpretationResult(IReadOnlyList<string> Sentences, XmrPointType? Variation, Assurance? Assurance, bool SmallNumbers)
{
    public string Text => string.Join(" ", Sentences);
}

/// <summary>
/// Turns an indicator's statistics into plain language for the clinician they describe: the value and counts, the
/// position among peers on the funnel plot, what the unit's own SPC chart says about change over time, whether the
/// process can be expected to meet the target, and a warning when numbers are too small to judge.
/// </summary>
/// <remarks>
/// <para>
/// The SPC rules and their wording follow NHS England's "Making Data Count" (2019) and its reference
/// implementation NHSRplotthedots, through <see cref="XmrChart"/>: a point outside the process limits; a trend of
/// seven points each higher (or lower) than the one before, that is six moves in one direction; a shift of seven
/// points on one side of the mean; two of three points near a limit. The variation is that of the latest charted
/// point, as the "variation icon" is; the assurance icon compares the process limits with the target.
/// </para>
/// <para>
/// Funnel positions are Spiegelhalter's (Statistics in Medicine 2005;24:1185–1202): outside the 95% limits
/// happens by chance about 1 time in 20, outside the 99.8% limits about 1 in 500, so only the latter is called
/// "beyond the range we'd expect by chance".
/// </para>
/// </remarks>
public static class Interpretation
{
    public static InterpretationResult Of(InterpretationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sentences = new List<string>();
        var month = MonthName(input.Period);
        var small = input.Denominator > 0 && input.Denominator < input.MinimumDenominator;
        if (input.LaterPeriod is { } later && later > input.Period)
        {
            sentences.Add($"{MonthName(later)} had only {input.LaterDenominator} case{(input.LaterDenominator == 1 ? "" : "s")}, fewer than the {input.MinimumDenominator} needed to chart it, so this is {month}, your latest month with enough cases.");
        }

        if (input.Denominator <= 0)
        {
            sentences.Add($"{input.Title}: there were no cases in {month}.");
        }
        else
        {
            var value = (double)input.Numerator / input.Denominator;
            sentences.Add($"{input.Title}: {Percent(value)} in {month} ({input.Numerator} of {input.Denominator}).");
            if (small)
            {
                sentences.Add($"That is fewer than the {input.MinimumDenominator} cases needed for a fair comparison, so {month} is not compared with peers or charted: read it with caution.");
            }
            else
            {
                if (Funnel(input) is { } funnel)
                {
                    sentences.Add(funnel);
                }

                if (input.Target is { } target)
                {
                    sentences.Add(TargetToday(value, target, input.Improvement, month));
                }
            }
        }

        XmrPointType? variation = null;
        Assurance? assurance = null;
        if (input.Series.Count < 2)
        {
            sentences.Add("There are too few months charted to judge change over time.");
        }
        else
        {
            var chart = XmrChart.Calculate([.. input.Series.Select(p => p.Value)],
                new XmrOptions { Improvement = input.Improvement, Target = input.Target, RebaseAt = input.RebaseAt });
            variation = chart.Variation;
            assurance = chart.Assurance;
            sentences.Add(Change(input, chart));
            if (input.Target is { } target && Assured(chart.Assurance, target, input.Improvement) is { } assured)
            {
                sentences.Add(assured);
            }

            var baseline = chart.Segments[^1].BaselineCount;
            if (baseline < XmrChart.MinimumReliableBaseline)
            {
                sentences.Add($"The chart has {baseline} months since it started or was re-based, fewer than the {XmrChart.MinimumReliableBaseline} that make its limits reliable, so treat these signals as provisional.");
            }
        }

        return new InterpretationResult(sentences, variation, assurance, small);
    }

    private static string? Funnel(InterpretationInput input)
    {
        var better = input.Improvement switch
        {
            ImprovementDirection.Decrease => (above: " Lower is better, so this is worth a closer look.", below: " Lower is better, so this is notably good."),
            ImprovementDirection.Increase => (above: " Higher is better, so this is notably good.", below: " Higher is better, so this is worth a closer look."),
            _ => (above: "", below: ""),
        };
        return (input.Flag998, input.Flag95) switch
        {
            (FunnelFlag.Above, _) => "This is above the range we'd expect by chance compared with your peers (beyond the 99.8% limit)." + better.above,
            (FunnelFlag.Below, _) => "This is below the range we'd expect by chance compared with your peers (beyond the 99.8% limit)." + better.below,
            (FunnelFlag.Inside, FunnelFlag.Above) => "This is higher than most of your peers (above the 95% limit but within the 99.8% limit), which could still be chance.",
            (FunnelFlag.Inside, FunnelFlag.Below) => "This is lower than most of your peers (below the 95% limit but within the 99.8% limit), which could still be chance.",
            (FunnelFlag.Inside, _) => "This is within the range we'd expect by chance compared with your peers.",
            _ => null,
        };
    }

    private static string TargetToday(double value, double target, ImprovementDirection improvement, string month)
    {
        var meets = improvement == ImprovementDirection.Decrease ? value <= target : value >= target;
        var way = improvement == ImprovementDirection.Decrease ? "or lower" : "or higher";
        return meets ? $"{month} meets the target of {Percent(target)} {way}." : $"{month} does not meet the target of {Percent(target)} {way}.";
    }

    private static string Change(InterpretationInput input, XmrChartResult chart)
    {
        var last = chart.Points[^1];
        var lastMonth = MonthName(input.Series[^1].Period);
        var segment = chart.Segments[last.Segment];
        var quality = last.Type switch
        {
            XmrPointType.SpecialCauseImprovement => "improving",
            XmrPointType.SpecialCauseConcern => "getting worse",
            _ => "a real change, though neither direction is better",
        };
        var high = last.Value > segment.Mean;
        var values = input.Series.Select(p => p.Value).ToList();
        switch (last.Type, last.Rule)
        {
            case (XmrPointType.CommonCause, _):
                return "Month-to-month changes are within what we'd expect by chance (common cause variation): no sign of a real change.";
            case (_, SpecialCauseRule.OutsideLimits):
                return $"{lastMonth} is {(high ? "above" : "below")} your usual range (outside your process limits): {quality}.";
            case (_, SpecialCauseRule.Trend):
                var rising = values[^1] > values[^2];
                return $"It has {(rising ? "risen" : "fallen")} for {Moves(values, segment.Start, rising)} months in a row: {quality}.";
            case (_, SpecialCauseRule.Shift):
                return $"It has been {(high ? "above" : "below")} your average of {Percent(segment.Mean)} for {SameSide(values, segment.Start, segment.Mean, high)} months in a row: {quality}.";
            default:
                return $"Two of the last three months are close to your process limits, {(high ? "above" : "below")} your average: {quality}.";
        }
    }

    private static string? Assured(Assurance? assurance, double target, ImprovementDirection improvement) => assurance switch
    {
        Assurance.ConsistentPass => $"At its current level and variation it will consistently meet the target of {Percent(target)}.",
        Assurance.ConsistentFail => $"At its current level and variation it will consistently miss the target of {Percent(target)}: only a change in practice will meet it.",
        Assurance.Inconsistent => $"It will sometimes meet and sometimes miss the target of {Percent(target)}.",
        _ when improvement == ImprovementDirection.Neutral => null,
        _ => $"There are too few months to say whether the target of {Percent(target)} will be met.",
    };

    /// <summary>Consecutive moves in one direction ending at the last point (an equal pair ends the run).</summary>
    private static int Moves(IReadOnlyList<double> values, int start, bool rising)
    {
        var moves = 0;
        for (var i = values.Count - 1; i > start && (rising ? values[i] > values[i - 1] : values[i] < values[i - 1]); i--)
        {
            moves++;
        }

        return moves;
    }

    /// <summary>Consecutive points strictly on one side of the mean ending at the last point.</summary>
    private static int SameSide(IReadOnlyList<double> values, int start, double mean, bool above)
    {
        var count = 0;
        for (var i = values.Count - 1; i >= start && (above ? values[i] > mean : values[i] < mean); i--)
        {
            count++;
        }

        return count;
    }

    public static string MonthName(DateOnly period) => period.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A proportion as a whole percentage, e.g. 0.3415 → "34%".</summary>
    public static string Percent(double value) => Math.Round(value * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";
}
