using DuckDB.NET.Data;

namespace LearningHealth.Fhir;

/// <summary>
/// The embedded DuckDB database of routine data and view tables: <c>analytics.duckdb</c> in the data folder
/// (decision 0003). It holds imported resources, the identifier index, import progress and materialised views.
/// DuckDB allows one writing process at a time; open a connection per use and dispose it.
/// </summary>
public static class AnalyticsStore
{
    public const string FileName = "analytics.duckdb";
    public const string QuarantineFileName = "quarantine.ndjson";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS resources (
            resource_type VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            version_key VARCHAR NOT NULL,
            last_updated TIMESTAMP,
            source_file VARCHAR NOT NULL,
            json VARCHAR NOT NULL,
            PRIMARY KEY (resource_type, id));
        CREATE TABLE IF NOT EXISTS identifiers (
            resource_type VARCHAR NOT NULL,
            system VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            PRIMARY KEY (resource_type, system, value));
        CREATE TABLE IF NOT EXISTS import_progress (
            path VARCHAR PRIMARY KEY,
            size BIGINT NOT NULL,
            mtime TIMESTAMP NOT NULL,
            committed_line BIGINT NOT NULL,
            finished BOOLEAN NOT NULL,
            error VARCHAR,
            updated_at TIMESTAMP NOT NULL);
        CREATE TABLE IF NOT EXISTS unresolved_references (
            resource_type VARCHAR NOT NULL,
            id VARCHAR NOT NULL,
            PRIMARY KEY (resource_type, id));
        CREATE TABLE IF NOT EXISTS import_state (
            key VARCHAR PRIMARY KEY,
            value BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS materialised_views (
            name VARCHAR PRIMARY KEY,
            table_name VARCHAR NOT NULL,
            resource VARCHAR NOT NULL,
            definition VARCHAR NOT NULL,
            row_count BIGINT NOT NULL,
            materialised_at TIMESTAMP NOT NULL);
        """;

    /// <summary>
    /// DuckDB's memory limit for this process. Larger work (big views, the import's upserts) spills to disk in the data
    /// folder rather than growing, so memory stays flat for any input size.
    /// </summary>
    public const string MemoryLimit = "1GB";

    /// <summary>The database file for a data folder.</summary>
    public static string PathFor(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Opens (creating if needed) the store of a data folder, with its tables in place.</summary>
    public static DuckDBConnection Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var connection = new DuckDBConnection($"Data Source={PathFor(dataDirectory)}");
        connection.Open();
        try
        {
            Execute(connection, $"SET memory_limit = '{MemoryLimit}'; SET temp_directory = '{Path.Combine(dataDirectory, "analytics.duckdb.tmp").Replace("'", "''", StringComparison.Ordinal)}';");
            Execute(connection, Schema);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    internal static int Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        return command.ExecuteNonQuery();
    }

    internal static T? Scalar<T>(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A name safe to use as a DuckDB identifier: letters, digits and underscores, quoted.</summary>
    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
