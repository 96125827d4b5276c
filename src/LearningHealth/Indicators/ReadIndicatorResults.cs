using System.Globalization;
using DuckDB.NET.Data;

namespace LearningHealth.Indicators;

/// <summary>One stored row of <c>indicator_results</c>, as pages and charts read it (names as stored, snake case).</summary>
public sealed record StoredResult(
    string IndicatorId,
    string Level,
    string Unit,
    DateOnly PeriodStart,
    long Numerator,
    long Denominator,
    double? Value,
    double? CiLower,
    double? CiUpper,
    bool BelowMinimum,
    string Suppression,
    string? SpcType,
    string? SpcRule,
    double? SpcMean,
    double? SpcLower,
    double? SpcUpper,
    string? Variation,
    string? Assurance,
    double? FunnelTarget,
    double? FunnelLower95,
    double? FunnelUpper95,
    double? FunnelLower998,
    double? FunnelUpper998,
    string? FunnelFlag95,
    string? FunnelFlag998);

/// <summary>The latest run of an indicator, from <c>indicator_runs</c>.</summary>
public sealed record StoredRun(string RunId, string IndicatorId, string Version, string Status, DateTime FinishedAt, long Rows, string? Message);

/// <summary>Reads computed indicator results from the DuckDB file (read-only).</summary>
public static class ReadIndicatorResults
{
    /// <summary>All rows of one indicator at one level (e.g. <c>clinician</c>), optionally for one unit, in unit and period order.</summary>
    public static IReadOnlyList<StoredResult> ForIndicator(string databasePath, string indicatorId, string? level = null, string? unit = null) =>
        AnalyticsReadCache.GetOrRead(databasePath, $"results|{indicatorId}|{level}|{unit}", () => Read(databasePath, indicatorId, level, unit));

    private static IReadOnlyList<StoredResult> Read(string databasePath, string indicatorId, string? level, string? unit)
    {
        if (!File.Exists(databasePath))
        {
            return [];
        }

        using var connection = ComputeIndicators.Open(databasePath, readOnly: true);
        if (!ComputeIndicators.TableExists(connection, ComputeIndicators.ResultsTable))
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT indicator_id, level, unit_id, period_start, numerator, denominator, value, ci_lower, ci_upper,
                   below_minimum, suppression, spc_type, spc_rule, spc_mean, spc_lower, spc_upper, variation, assurance,
                   funnel_target, funnel_lower95, funnel_upper95, funnel_lower998, funnel_upper998, funnel_flag95, funnel_flag998
            FROM {ComputeIndicators.ResultsTable}
            WHERE indicator_id = $1 AND ($2 IS NULL OR level = $2) AND ($3 IS NULL OR unit_id = $3)
            ORDER BY level::VARCHAR, unit_id, period_start
            """;
        command.Parameters.Add(new DuckDBParameter(indicatorId));
        command.Parameters.Add(new DuckDBParameter((object?)level ?? DBNull.Value));
        command.Parameters.Add(new DuckDBParameter((object?)unit ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var rows = new List<StoredResult>();
        while (reader.Read())
        {
            double? D(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new StoredResult(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3),
                reader.GetInt64(4), reader.GetInt64(5), D(6), D(7), D(8), reader.GetBoolean(9), reader.GetString(10),
                S(11), S(12), D(13), D(14), D(15), S(16), S(17), D(18), D(19), D(20), D(21), D(22), S(23), S(24)));
        }

        return rows.AsReadOnly();
    }

    /// <summary>The latest run of each indicator, by indicator id.</summary>
    public static IReadOnlyDictionary<string, StoredRun> LatestRuns(string databasePath) =>
        AnalyticsReadCache.GetOrRead(databasePath, "runs", () => ReadLatestRuns(databasePath));

    private static IReadOnlyDictionary<string, StoredRun> ReadLatestRuns(string databasePath)
    {
        var runs = new Dictionary<string, StoredRun>(StringComparer.Ordinal);
        if (!File.Exists(databasePath))
        {
            return runs;
        }

        using var connection = ComputeIndicators.Open(databasePath, readOnly: true);
        if (!ComputeIndicators.TableExists(connection, ComputeIndicators.RunsTable))
        {
            return runs;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT run_id, indicator_id, indicator_version, status, finished_at, result_rows, message
            FROM {ComputeIndicators.RunsTable}
            QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY finished_at DESC, run_id DESC) = 1
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            runs[reader.GetString(1)] = new StoredRun(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetDateTime(4),
                reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        }

        return runs.AsReadOnly();
    }

}
