using Npgsql;

namespace LearningHealth.Tests.Infrastructure;

/// <summary>
/// A database of its own for a test run: a SQLite file in a temporary folder, or a fresh PostgreSQL database on the
/// server named by <c>LHS_TEST_POSTGRES</c>. PostgreSQL tests are skipped without that variable, unless
/// <c>LHS_REQUIRE_POSTGRES=1</c> (as CI sets) makes its absence a failure.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    private readonly string? adminConnectionString;
    private readonly string? databaseName;

    private TestDatabase(string provider, string dataDir, string? db, string? adminConnectionString, string? databaseName)
    {
        Provider = provider;
        DataDir = dataDir;
        Db = db;
        this.adminConnectionString = adminConnectionString;
        this.databaseName = databaseName;
    }

    public string Provider { get; }
    public string DataDir { get; }
    /// <summary>The value for the app's <c>Db</c> setting: null for the embedded SQLite default.</summary>
    public string? Db { get; }

    public static void SkipUnlessAvailable(string provider)
    {
        if (provider != Postgres)
        {
            return;
        }

        var configured = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("LHS_TEST_POSTGRES"));
        if (!configured && Environment.GetEnvironmentVariable("LHS_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException("LHS_REQUIRE_POSTGRES=1 but LHS_TEST_POSTGRES holds no connection string.");
        }

        Skip.IfNot(configured, "PostgreSQL tests run when LHS_TEST_POSTGRES holds a connection string.");
    }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        SkipUnlessAvailable(provider);
        var dataDir = Directory.CreateTempSubdirectory("lhs-test-").FullName;
        if (provider == Sqlite)
        {
            return new TestDatabase(provider, dataDir, null, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("LHS_TEST_POSTGRES")!;
        var name = $"lhs_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var db = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
        return new TestDatabase(provider, dataDir, db, admin, name);
    }

    /// <summary>A PostgreSQL database on a server the test runs itself (see <see cref="TemporaryPostgres"/>); nothing to drop.</summary>
    public static TestDatabase OnServer(string connectionString) =>
        new(Postgres, Directory.CreateTempSubdirectory("lhs-test-").FullName, connectionString, null, null);

    public async ValueTask DisposeAsync()
    {
        if (adminConnectionString is not null && databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing host is no reason to fail a test; the folder is temporary.
        }
    }
}
