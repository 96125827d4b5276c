using System.Globalization;
using DuckDB.NET.Data;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>How recent the feedback is: the last date with routine data, the last computation, and whether that is stale.</summary>
public sealed record Freshness(DateOnly? LastDataDate, DateTime? LastRun, bool Stale, string Summary);

/// <summary>
/// Reads the freshness of indicator results. Feedback is monthly and reports the last complete month, so data are
/// stale when nothing is dated in the month before the current one (the month the results should report), or when
/// no computation has run. Clinicians are told plainly, because old feedback read as current misleads.
/// </summary>
public static class DataFreshness
{
    /// <summary>The view whose dates show how far routine data reach: every built-in indicator reads encounters.</summary>
    public const string DatedView = "encounter_flat";

    public static Freshness Read(string analyticsPath, DateOnly today)
    {
        var runs = ReadIndicatorResults.LatestRuns(analyticsPath);
        DateTime? lastRun = runs.Count == 0 ? null : runs.Values.Max(r => r.FinishedAt);
        var lastData = AnalyticsReadCache.GetOrRead(analyticsPath, "last-data-date", () => new Box<DateOnly?>(LastDataDate(analyticsPath))).Value;
        return Judge(lastData, lastRun, today);
    }

    /// <summary>The judgement alone, for tests: stale when the last data date is before the first day of last month.</summary>
    public static Freshness Judge(DateOnly? lastData, DateTime? lastRun, DateOnly today)
    {
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var stale = lastData is null || lastRun is null || lastData < lastMonth;
        var data = lastData is { } d ? $"Data up to {d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}" : "No routine data yet";
        var run = lastRun is { } r ? $"results computed {r.ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture)} UTC" : "results not computed yet";
        var summary = stale
            ? $"{data}; {run}. These results are out of date: they do not include {lastMonth.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}."
            : $"{data}; {run}.";
        return new Freshness(lastData, lastRun, stale, summary);
    }

    private static DateOnly? LastDataDate(string analyticsPath)
    {
        if (!File.Exists(analyticsPath))
        {
            return null;
        }

        using var connection = ComputeIndicators.Open(analyticsPath, readOnly: true);
        if (!ComputeIndicators.TableExists(connection, DatedView))
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT max(CAST(start_date AS DATE)) FROM {DatedView}";
        var value = command.ExecuteScalar();
        return value is DateOnly date ? date : value is DateTime time ? DateOnly.FromDateTime(time) : null;
    }

    private sealed record Box<T>(T Value);
}
