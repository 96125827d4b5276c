using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using LearningHealth.Statistics;

namespace LearningHealth.Indicators;

/// <summary>What to compute, and where.</summary>
public sealed record ComputeIndicatorsCommand
{
    /// <summary>The DuckDB file holding the view tables; results are written to it too.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The indicators to compute (default: the built-in library).</summary>
    public IReadOnlyList<IndicatorDefinition>? Indicators { get; init; }

    /// <summary>Recompute even when neither the definition nor its view tables changed.</summary>
    public bool Force { get; init; }

    /// <summary>Small-number policy for the suppression flags (default: counts of 1–7 hidden, as in HES).</summary>
    public SuppressionPolicy Suppression { get; init; } = new();
}

/// <summary>What happened to one indicator in a run: <c>computed</c>, <c>unchanged</c> (skipped) or <c>failed</c>.</summary>
public sealed record IndicatorRunOutcome(string IndicatorId, string Version, string Status, long Rows, string? Message, TimeSpan Duration);

/// <summary>A run: its id, when it started, the outcome per indicator and the time taken in each phase.</summary>
public sealed record ComputeIndicatorsReport(
    string RunId,
    DateTimeOffset StartedAt,
    IReadOnlyList<IndicatorRunOutcome> Indicators,
    TimeSpan QueryTime,
    TimeSpan StatisticsTime,
    TimeSpan WriteTime)
{
    public TimeSpan Duration => QueryTime + StatisticsTime + WriteTime;
}

/// <summary>
/// Computes indicators in DuckDB. Phase 1 opens the database read-only, with file access disabled, fingerprints
/// the view tables each indicator reads, and runs the SQL of every indicator whose definition or inputs changed,
/// grouping its cases by unit and period. Phase 2 opens the database for writing, computes the statistics
/// (<see cref="IndicatorStatistics"/>) and replaces the indicator's rows in <c>indicator_results</c>, recording the
/// run in <c>indicator_runs</c>.
/// </summary>
/// <remarks>
/// Incrementality: an indicator is recomputed when its definition hash (<see cref="IndicatorDefinition.DefinitionHash"/>)
/// or the fingerprint of its view tables (row count and the sum of DuckDB's row hashes, per table) differs from the
/// last run that computed it. Then all its periods are recomputed, because each unit's SPC limits depend on every
/// period. Otherwise it is recorded as <c>unchanged</c> and its results are kept.
/// </remarks>
public sealed class ComputeIndicators(TimeProvider clock)
{
    public const string ResultsTable = "indicator_results";
    public const string RunsTable = "indicator_runs";

    public ComputeIndicatorsReport Handle(ComputeIndicatorsCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!File.Exists(command.DatabasePath))
        {
            throw new FileNotFoundException($"No analytics database at {command.DatabasePath}: import FHIR data first.");
        }

        var indicators = command.Indicators ?? IndicatorLibrary.BuiltIn;
        var startedAt = clock.GetUtcNow();
        var runId = startedAt.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var queryWatch = Stopwatch.StartNew();
        var planned = new List<Planned>();
        using (var read = Open(command.DatabasePath, readOnly: true))
        {
            var previous = PreviousRuns(read);
            var fingerprints = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var indicator in indicators)
            {
                var watch = Stopwatch.StartNew();
                var inputs = indicator.Views.Select(v => fingerprints.TryGetValue(v, out var f) ? f : fingerprints[v] = Fingerprint(read, v)).ToList();
                var missing = indicator.Views.Where((_, i) => inputs[i] is null).ToList();
                var definitionHash = indicator.DefinitionHash();
                if (missing.Count > 0)
                {
                    planned.Add(new Planned(indicator, definitionHash, "", null, $"view table missing: {string.Join(", ", missing)}", watch.Elapsed));
                    continue;
                }

                var inputHash = Hash(string.Join('\n', indicator.Views.Zip(inputs, (v, f) => $"{v}={f}")));
                if (!command.Force && previous.TryGetValue(indicator.Id, out var last) && last == (definitionHash, inputHash))
                {
                    planned.Add(new Planned(indicator, definitionHash, inputHash, null, null, watch.Elapsed, Unchanged: true));
                    continue;
                }

                try
                {
                    planned.Add(new Planned(indicator, definitionHash, inputHash, Count(read, indicator), null, watch.Elapsed));
                }
                catch (DuckDBException e)
                {
                    planned.Add(new Planned(indicator, definitionHash, inputHash, null, $"SQL failed: {FirstLine(e.Message)}", watch.Elapsed));
                }
                catch (InvalidOperationException e)
                {
                    planned.Add(new Planned(indicator, definitionHash, inputHash, null, e.Message, watch.Elapsed));
                }
            }
        }

        var queryTime = queryWatch.Elapsed;
        var statisticsTime = TimeSpan.Zero;
        var writeWatch = Stopwatch.StartNew();
        var outcomes = new List<IndicatorRunOutcome>();
        using (var write = Open(command.DatabasePath, readOnly: false))
        {
            CreateTables(write);
            foreach (var plan in planned)
            {
                var watch = Stopwatch.StartNew();
                string status;
                string? message = plan.Error;
                long rows = 0;
                if (plan.Unchanged)
                {
                    status = "unchanged";
                }
                else if (plan.Counts is null)
                {
                    status = "failed";
                }
                else
                {
                    try
                    {
                        var statisticsWatch = Stopwatch.StartNew();
                        var results = IndicatorStatistics.Calculate(plan.Indicator, plan.Counts, command.Suppression);
                        statisticsTime += statisticsWatch.Elapsed;
                        rows = Replace(write, runId, plan.Indicator.Id, results);
                        status = "computed";
                    }
                    catch (InvalidOperationException e)
                    {
                        (status, message) = ("failed", e.Message);
                    }
                }

                var finished = clock.GetUtcNow();
                Execute(write, $"INSERT INTO {RunsTable} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    runId, plan.Indicator.Id, plan.Indicator.Version, plan.DefinitionHash, plan.InputHash, status,
                    startedAt.UtcDateTime, finished.UtcDateTime, rows, message);
                outcomes.Add(new IndicatorRunOutcome(plan.Indicator.Id, plan.Indicator.Version, status, rows, message, plan.QueryTime + watch.Elapsed));
            }
        }

        return new ComputeIndicatorsReport(runId, startedAt, outcomes, queryTime, statisticsTime, writeWatch.Elapsed - statisticsTime);
    }

    /// <summary>
    /// Opens the DuckDB file. Read-only connections also have file access disabled, so indicator SQL can read the
    /// view tables and nothing else.
    /// </summary>
    public static DuckDBConnection Open(string path, bool readOnly)
    {
        var connection = new DuckDBConnection(readOnly
            ? $"Data Source={path};ACCESS_MODE=READ_ONLY;enable_external_access=false"
            : $"Data Source={path}");
        connection.Open();
        return connection;
    }

    /// <summary>The query that runs an indicator: its cases, whether each meets the numerator, grouped by unit and period.</summary>
    internal static string CountSql(IndicatorDefinition indicator)
    {
        var levels = indicator.Attribution.Select(Column).ToList();
        var sets = string.Join(", ", levels.Select(c => $"({c}, period_start)"));
        var period = indicator.Period == IndicatorPeriod.Quarter ? "quarter" : "month";
        return $"""
            WITH denominator AS (
            {indicator.Denominator}
            ),
            numerator AS (
            {indicator.Numerator}
            ),
            cases AS (
              SELECT CAST(clinician_id AS VARCHAR) AS clinician_id, CAST(team_id AS VARCHAR) AS team_id,
                     CAST(site_id AS VARCHAR) AS site_id, CAST(organisation_id AS VARCHAR) AS organisation_id,
                     CAST(date_trunc('{period}', CAST(event_date AS DATE)) AS DATE) AS period_start,
                     case_id IN (SELECT case_id FROM numerator) AS met
              FROM denominator
              WHERE event_date IS NOT NULL
            )
            SELECT {string.Join(", ", levels.Select(c => $"GROUPING({c})"))}, {string.Join(", ", levels)},
                   year(period_start) * 12 + month(period_start) - 1 AS period_index,
                   count_if(met)::BIGINT AS numerator, count(*)::BIGINT AS denominator
            FROM cases
            GROUP BY GROUPING SETS ({sets})
            """;
    }

    private static string Column(AttributionLevel level) => level switch
    {
        AttributionLevel.Clinician => "clinician_id",
        AttributionLevel.Team => "team_id",
        AttributionLevel.Site => "site_id",
        _ => "organisation_id",
    };

    private static List<UnitPeriodCount> Count(DuckDBConnection connection, IndicatorDefinition indicator)
    {
        var levels = indicator.Attribution;
        var counts = new List<UnitPeriodCount>();
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var periods = new Dictionary<int, DateOnly>();
        using var command = connection.CreateCommand();
        command.CommandText = CountSql(indicator);
        using var reader = command.ExecuteReader();
        var n = levels.Count;
        while (reader.Read())
        {
            // Exactly one level's GROUPING() is 0 in each row: that level's column is the unit.
            var k = 0;
            while (k < n && Convert.ToInt64(reader.GetValue(k), CultureInfo.InvariantCulture) != 0)
            {
                k++;
            }

            if (k == n || reader.IsDBNull(n + k))
            {
                continue; // cases with no unit at this level
            }

            var unitText = reader.GetString(n + k);
            if (!units.TryGetValue(unitText, out var unit))
            {
                units[unitText] = unit = unitText;
            }

            var index = Convert.ToInt32(reader.GetValue(2 * n), CultureInfo.InvariantCulture);
            if (!periods.TryGetValue(index, out var period))
            {
                periods[index] = period = new DateOnly(index / 12, index % 12 + 1, 1);
            }

            counts.Add(new UnitPeriodCount(levels[k], unit, period, reader.GetInt64(2 * n + 1), reader.GetInt64(2 * n + 2)));
        }

        return counts;
    }

    /// <summary>Row count and the sum of row hashes: changes when rows are added, removed or edited. Null if the table is missing.</summary>
    private static string? Fingerprint(DuckDBConnection connection, string table)
    {
        if (!TableExists(connection, table))
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR FROM \"{table}\" AS t";
        using var reader = command.ExecuteReader();
        reader.Read();
        return $"{reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)}:{reader.GetString(1)}";
    }

    /// <summary>Whether the analytics file has a table (or view) of this name.</summary>
    internal static bool TableExists(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = $1";
        command.Parameters.Add(new DuckDBParameter(table));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The hashes of the last run that computed each indicator.</summary>
    private static Dictionary<string, (string Definition, string Inputs)> PreviousRuns(DuckDBConnection connection)
    {
        var previous = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (!TableExists(connection, RunsTable))
        {
            return previous;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT indicator_id, arg_max(definition_hash, finished_at), arg_max(input_hash, finished_at)
            FROM {RunsTable} WHERE status = 'computed' GROUP BY indicator_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            previous[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return previous;
    }

    internal static void CreateTables(DuckDBConnection connection) => Execute(connection, $"""
        CREATE TABLE IF NOT EXISTS {RunsTable} (
          run_id VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL, indicator_version VARCHAR NOT NULL,
          definition_hash VARCHAR NOT NULL, input_hash VARCHAR NOT NULL, status VARCHAR NOT NULL,
          started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP NOT NULL, result_rows BIGINT NOT NULL, message VARCHAR);
        CREATE TABLE IF NOT EXISTS {ResultsTable} (
          run_id VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL, indicator_version VARCHAR NOT NULL,
          level VARCHAR NOT NULL, unit_id VARCHAR NOT NULL, period_start DATE NOT NULL,
          numerator BIGINT NOT NULL, denominator BIGINT NOT NULL, value DOUBLE, ci_lower DOUBLE, ci_upper DOUBLE,
          below_minimum BOOLEAN NOT NULL, suppression VARCHAR NOT NULL,
          spc_type VARCHAR, spc_rule VARCHAR, spc_mean DOUBLE, spc_lower DOUBLE, spc_upper DOUBLE,
          variation VARCHAR, assurance VARCHAR,
          funnel_target DOUBLE, funnel_lower95 DOUBLE, funnel_upper95 DOUBLE, funnel_lower998 DOUBLE, funnel_upper998 DOUBLE,
          funnel_flag95 VARCHAR, funnel_flag998 VARCHAR);
        """);

    private static long Replace(DuckDBConnection connection, string runId, string indicatorId, IReadOnlyList<IndicatorResult> results)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"DELETE FROM {ResultsTable} WHERE indicator_id = $1", indicatorId);
        using (var appender = connection.CreateAppender(ResultsTable))
        {
            foreach (var r in results)
            {
                var row = appender.CreateRow()
                    .AppendValue(runId).AppendValue(r.IndicatorId).AppendValue(r.IndicatorVersion)
                    .AppendValue(IndicatorStatistics.Name(r.Level)).AppendValue(r.Unit).AppendValue((DateOnly?)r.PeriodStart)
                    .AppendValue((long?)r.Numerator).AppendValue((long?)r.Denominator)
                    .AppendValue(r.Value).AppendValue(r.CiLower).AppendValue(r.CiUpper)
                    .AppendValue((bool?)r.BelowMinimum).AppendValue(IndicatorStatistics.Name(r.Suppression))
                    .AppendValue(r.SpcType is { } t ? IndicatorStatistics.Name(t) : null)
                    .AppendValue(r.SpcRule is { } rule ? IndicatorStatistics.Name(rule) : null)
                    .AppendValue(r.SpcMean).AppendValue(r.SpcLower).AppendValue(r.SpcUpper)
                    .AppendValue(r.Variation is { } v ? IndicatorStatistics.Name(v) : null)
                    .AppendValue(r.Assurance is { } a ? IndicatorStatistics.Name(a) : null)
                    .AppendValue(r.FunnelTarget)
                    .AppendValue(r.FunnelLimits?.Lower95).AppendValue(r.FunnelLimits?.Upper95)
                    .AppendValue(r.FunnelLimits?.Lower998).AppendValue(r.FunnelLimits?.Upper998)
                    .AppendValue(r.FunnelFlag95 is { } f95 ? IndicatorStatistics.Name(f95) : null)
                    .AppendValue(r.FunnelFlag998 is { } f998 ? IndicatorStatistics.Name(f998) : null);
                row.EndRow();
            }
        }

        transaction.Commit();
        return results.Count;
    }

    internal static void Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        command.ExecuteNonQuery();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private sealed record Planned(
        IndicatorDefinition Indicator,
        string DefinitionHash,
        string InputHash,
        List<UnitPeriodCount>? Counts,
        string? Error,
        TimeSpan QueryTime,
        bool Unchanged = false);
}
