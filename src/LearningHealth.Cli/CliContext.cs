using System.CommandLine;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Cli;

/// <summary>What every sub-command shares: the global options, the output streams, and how to reach the app's services.</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder for the embedded database and keys (default ./data; also LHS_DATADIR)",
        Recursive = true,
    };

    public Option<string?> Db { get; } = new("--db")
    {
        Description = "PostgreSQL connection string, e.g. \"Host=127.0.0.1;Port=5432;Database=lhs;Username=lhs\" (also LHS_DB). Default: SQLite in the data folder",
        Recursive = true,
    };

    /// <summary>Configuration in the web app's order: embedded defaults, then LHS_ variables, then the command line.</summary>
    public IConfiguration Configuration(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(DataDir) is { } dataDir)
        {
            overrides[DatabaseOptions.DataDirKey] = dataDir;
        }

        if (parse.GetValue(Db) is { } db)
        {
            overrides[DatabaseOptions.DbKey] = db;
        }

        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables("LHS_")
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>The app's services without the web host, for commands that work on the database directly.</summary>
    public ServiceProvider Services(ParseResult parse) => Services(Configuration(parse));

    /// <summary>The app's services for a configuration a command has adjusted.</summary>
    public static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Warning));
        services.AddLearningHealth(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Whether the app database the configuration names has been set up: a SQLite file that exists, or a PostgreSQL
    /// database (which a command cannot see without connecting). Commands that only add to the app database's records
    /// (the audit log, team membership for the analytics file) do nothing when it has not.
    /// </summary>
    public static bool AppDatabaseExists(IConfiguration configuration)
    {
        var options = DatabaseOptions.From(configuration);
        return options.Provider != DatabaseProvider.Sqlite
            || File.Exists(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource);
    }

    /// <summary>
    /// Runs a command's work, turning any failure into one plain line on standard error and exit code 1.
    /// </summary>
    public async Task<int> RunAsync(Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (OperationCanceledException)
        {
            await Error.WriteLineAsync("lhs: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            await Error.WriteLineAsync($"lhs: {Describe(e)}");
            return 1;
        }
    }

    private static string Describe(Exception e)
    {
        var root = e.GetBaseException();
        return root switch
        {
            DuckDB.NET.Data.DuckDBException => $"analytics store: {root.Message}",
            System.Data.Common.DbException or System.Net.Sockets.SocketException => $"cannot reach the database: {root.Message}",
            _ => root.Message,
        };
    }
}
