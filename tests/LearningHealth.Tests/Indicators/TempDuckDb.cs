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

/// <summary>Creates the shipped view tables in a DuckDB file, with column types from the ViewDefinitions.</summary>
internal static class ViewTables
{
    public static void Create(TempDuckDb db)
    {
        foreach (var (name, json) in IndicatorViews.All)
        {
            var view = LearningHealth.SqlOnFhir.ViewDefinition.Parse(json);
            var columns = view.Columns.Select(c => $"\"{c.Name}\" {SqlType(c.ClrType)}");
            db.Execute($"CREATE TABLE {name} ({string.Join(", ", columns)})");
        }
    }

    private static string SqlType(Type type) =>
        type == typeof(decimal) || type == typeof(double) ? "DOUBLE"
        : type == typeof(bool) ? "BOOLEAN"
        : type == typeof(int) || type == typeof(long) ? "BIGINT"
        : "VARCHAR";
}
