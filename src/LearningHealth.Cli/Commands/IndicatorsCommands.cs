using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary>
/// <c>lhs indicators list | compute</c>: the indicator library and its computation in the DuckDB analytics
/// database. For these commands <c>--db</c> names the DuckDB file (default <c>&lt;data dir&gt;/analytics.duckdb</c>).
/// </summary>
internal static class IndicatorsCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(CliContext context)
    {
        var library = new Option<string?>("--library")
        {
            Description = "Folder of further indicator files (*.json) to add to the built-in library; a file with a built-in id replaces it (default: indicators/ in the data folder, the folder the app reads)",
            Recursive = true,
        };
        return new Command("indicators", "Indicators as data: list the library, compute results in the DuckDB analytics database")
        {
            library,
            List(context, library),
            Compute(context, library),
        };
    }

    private static Command List(CliContext context, Option<string?> library)
    {
        var command = new Command("list", "List the indicators: id, version, title, period, direction, target, views");
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var indicators = IndicatorLibrary.Load(LibraryFolder(context, parse, library));
            await Write(context, indicators.Select(i => new
            {
                id = i.Id,
                version = i.Version,
                title = i.Title,
                period = IndicatorStatistics.Name(i.Period),
                improvement = IndicatorStatistics.Name(i.Improvement),
                target = i.Target,
                minimumDenominator = i.MinimumDenominator,
                attribution = i.Attribution.Select(IndicatorStatistics.Name),
                views = i.Views,
                evidence = i.Evidence,
            }));
            return 0;
        }));
        return command;
    }

    private static Command Compute(CliContext context, Option<string?> library)
    {
        var only = new Option<string?>("--only") { Description = "Comma-separated indicator ids to compute (default: all)" };
        var force = new Option<bool>("--force") { Description = "Recompute even when neither the definition nor its view tables changed" };
        var threshold = new Option<int?>("--suppress") { Description = "Small-number threshold: counts from 1 to N are flagged for suppression (default 7)" };
        var command = new Command("compute", "Compute every indicator for every unit and period and store the results in the DuckDB file")
        {
            only, force, threshold,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var path = DatabasePath(context, parse);
            var indicators = IndicatorLibrary.Load(LibraryFolder(context, parse, library));
            if (parse.GetValue(only) is { } ids)
            {
                var wanted = ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = wanted.Where(w => indicators.All(i => i.Id != w)).ToList();
                if (unknown.Count > 0)
                {
                    throw new ArgumentException($"--only: unknown indicator '{unknown[0]}' (see lhs indicators list).");
                }

                indicators = [.. indicators.Where(i => wanted.Contains(i.Id))];
            }

            var policy = parse.GetValue(threshold) is { } t ? new SuppressionPolicy(t) : new SuppressionPolicy();
            await ExportTeamsAsync(context, parse, cancellationToken);
            var report = new ComputeIndicators(TimeProvider.System).Handle(new ComputeIndicatorsCommand
            {
                DatabasePath = path,
                Indicators = indicators,
                Force = parse.GetValue(force),
                Suppression = policy,
            });
            await Write(context, new
            {
                database = path,
                runId = report.RunId,
                seconds = Math.Round(report.Duration.TotalSeconds, 3),
                indicators = report.Indicators.Select(o => new
                {
                    id = o.IndicatorId,
                    version = o.Version,
                    status = o.Status,
                    rows = o.Rows,
                    message = o.Message,
                    seconds = Math.Round(o.Duration.TotalSeconds, 3),
                }),
            });
            await AuditCommands.RecordAsync(context, parse, Audit.AuditActions.IndicatorsComputed, $"analytics:{Path.GetFileName(path)}",
                $"run {report.RunId}; {report.Indicators.Count(o => o.Status == "computed")} computed, {report.Indicators.Count(o => o.Status == "unchanged")} unchanged, "
                + $"{report.Indicators.Count(o => o.Status == "failed")} failed; force: {parse.GetValue(force)}", cancellationToken);
            return report.Indicators.Any(o => o.Status == "failed") ? 2 : 0;
        }));
        return command;
    }

    /// <summary><c>--db</c> names the DuckDB file here; without it, <c>analytics.duckdb</c> in the data folder.</summary>
    /// <summary>
    /// Writes team membership from the data folder's app database into its analytics file, so the computation has a team
    /// level. With <c>--db</c> naming an analytics file, or no app database yet, there are no teams to write.
    /// </summary>
    private static async Task ExportTeamsAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(context.Db) is not null)
        {
            return;
        }

        if (!CliContext.AppDatabaseExists(context.Configuration(parse)))
        {
            return;
        }

        await using var provider = context.Services(parse);
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Feedback.ExportTeamMembership>().HandleAsync(cancellationToken);
    }

    /// <summary>The folder given, else the app's library folder in the data folder, so both compute the same indicators.</summary>
    private static string LibraryFolder(CliContext context, ParseResult parse, Option<string?> library) =>
        parse.GetValue(library) ?? IndicatorCatalog.FolderIn(DatabaseOptions.From(context.Configuration(parse)).DataDirectory);

    private static string DatabasePath(CliContext context, ParseResult parse)
    {
        if (parse.GetValue(context.Db) is { } db)
        {
            if (db.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException("--db: for lhs indicators, give the DuckDB analytics file, e.g. data/analytics.duckdb.");
            }

            return Path.GetFullPath(db);
        }

        return AnalyticsDatabase.PathIn(DatabaseOptions.From(context.Configuration(parse)).DataDirectory);
    }

    private static async Task Write(CliContext context, object result) =>
        await context.Output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
}
