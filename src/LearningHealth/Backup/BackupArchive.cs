using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using LearningHealth.Persistence;
using Npgsql;

namespace LearningHealth.Backup;

/// <summary>What a backup archive holds, written as <c>manifest.json</c> at its root.</summary>
/// <param name="Format">The archive layout's version; a restore refuses layouts it does not know.</param>
/// <param name="AppVersion">The version of LearningHealth that wrote it.</param>
/// <param name="CreatedAt">When the backup was taken (UTC).</param>
/// <param name="Provider">sqlite or postgres: the database the archive can be restored into.</param>
/// <param name="Migration">The last migration applied to the database when it was backed up.</param>
/// <param name="Database">The database's entry in the archive.</param>
/// <param name="Analytics">The analytics file's entry, or null when there was no analytics file.</param>
public sealed record BackupManifest(int Format, string AppVersion, DateTime CreatedAt, string Provider, string? Migration, string Database, string? Analytics);

/// <summary>The layout of a backup archive and the tools both directions share.</summary>
internal static class BackupArchive
{
    public const int Format = 1;
    public const string ManifestEntry = "manifest.json";
    public const string SqliteEntry = "database.sqlite";
    public const string PostgresEntry = "database.pgdump";
    public const string AnalyticsEntry = "analytics.duckdb";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string ProviderName(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";

    public static string AppVersion =>
        typeof(BackupArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static string SqliteFile(DatabaseOptions options) =>
        Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource);

    /// <summary>
    /// Opens the analytics file to prove no other process has it (DuckDB allows one writing process), folds its
    /// write-ahead log into the file with CHECKPOINT, and returns the open connection: holding it keeps other
    /// processes out while the file is copied.
    /// </summary>
    public static DuckDB.NET.Data.DuckDBConnection OpenAnalyticsExclusively(string path)
    {
        var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}");
        try
        {
            connection.Open();
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            connection.Dispose();
            throw new IOException($"{path} is in use by another process (is lhs serve running?); stop it and try again. ({e.Message})", e);
        }

        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "CHECKPOINT";
        checkpoint.ExecuteNonQuery();
        return connection;
    }

    public static async Task CopyEntryToFileAsync(ZipArchiveEntry entry, string path, CancellationToken cancellationToken)
    {
        await using var source = entry.Open();
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await source.CopyToAsync(target, cancellationToken);
    }

    /// <summary>
    /// Finds a PostgreSQL client tool (<c>pg_dump</c>, <c>pg_restore</c>) on the PATH, else in Debian's
    /// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>, newest version first.
    /// </summary>
    public static string FindPostgresTool(string name)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name));
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            candidates = candidates.Concat(Directory.GetDirectories(debian)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", name)));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{name} was not found on the PATH or in {debian}/*/bin: install the PostgreSQL client tools (e.g. apt-get install postgresql-client) of the server's version or newer.");
    }

    /// <summary>
    /// Runs a PostgreSQL client tool against the database in <paramref name="connectionString"/>. The connection
    /// goes through libpq's environment variables so the password never appears on a command line others can list.
    /// </summary>
    public static async Task RunPostgresToolAsync(string tool, IEnumerable<string> arguments, string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(FindPostgresTool(tool))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = builder.Host;
        start.Environment["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGDATABASE"] = builder.Database;
        start.Environment["PGUSER"] = builder.Username;
        if (!string.IsNullOrEmpty(builder.Password))
        {
            start.Environment["PGPASSWORD"] = builder.Password;
        }

        start.Environment["PGSSLMODE"] = builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(error, output);
        if (process.ExitCode != 0)
        {
            var message = (await error).Trim();
            throw new InvalidOperationException($"{tool} failed (exit {process.ExitCode}): {(message.Length == 0 ? (await output).Trim() : message)}");
        }
    }
}
