namespace LearningHealth.Indicators;

/// <summary>Where the embedded DuckDB analytics database lives: <c>analytics.duckdb</c> in the data folder.</summary>
public static class AnalyticsDatabase
{
    public const string FileName = "analytics.duckdb";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);
}
