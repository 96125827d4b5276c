using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace LearningHealth.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the data lives. Read from configuration keys <c>DataDir</c> and <c>Db</c>, which the command line
/// (<c>--data-dir</c>, <c>--db</c>) and environment (<c>LHS_DATADIR</c>, <c>LHS_DB</c>) also set.
/// With no <c>Db</c>, LearningHealth uses an embedded SQLite file in the data folder.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, string DataDirectory)
{
    public const string DataDirKey = "DataDir";
    public const string DbKey = "Db";
    public const string DefaultDataDirectory = "data";
    public const string SqliteFileName = "learninghealth.db";

    public static DatabaseOptions From(IConfiguration configuration)
    {
        var dataDir = Path.GetFullPath(NonEmpty(configuration[DataDirKey]) ?? DefaultDataDirectory);
        var db = NonEmpty(configuration[DbKey]) ?? NonEmpty(configuration.GetConnectionString("LearningHealth"));
        if (db is null)
        {
            return new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dataDir, SqliteFileName)}", dataDir);
        }

        // A SQLite connection string names a data source file; anything else is taken as a PostgreSQL connection string.
        var isSqlite = db.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            || db.StartsWith("Filename=", StringComparison.OrdinalIgnoreCase)
            || db.EndsWith(".db", StringComparison.OrdinalIgnoreCase);
        if (isSqlite && !db.Contains('=', StringComparison.Ordinal))
        {
            db = $"Data Source={db}";
        }

        return new DatabaseOptions(isSqlite ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres, db, dataDir);
    }

    /// <summary>The connection string with any password hidden, for messages and logs.</summary>
    public string Describe()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return $"SQLite ({new SqliteConnectionStringBuilder(ConnectionString).DataSource})";
        }

        var parts = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase));
        return $"PostgreSQL ({string.Join(';', parts)})";
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
