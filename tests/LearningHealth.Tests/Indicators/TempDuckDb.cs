using LearningHealth.Indicators;

namespace LearningHealth.Tests.Indicators;

/// <summary>A DuckDB file in a temporary folder, deleted afterwards; SQL runs through <see cref="Execute"/>.</summary>
internal sealed class TempDuckDb : IDisposable
{
    private readonly string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lhs-duckdb-" + Guid.NewGuid().ToString("N"));

    public TempDuckDb()
    {
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, "analytics.duckdb");
    }

    public string Path { get; }

    public void Execute(string sql, params object?[] parameters)
    {
        using var connection = ComputeIndicators.Open(Path, readOnly: false);
        ComputeIndicators.Execute(connection, sql, parameters);
    }

    public object? Scalar(string sql)
    {
        using var connection = ComputeIndicators.Open(Path, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
