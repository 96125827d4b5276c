using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Tests.Teams;

/// <summary>The app's services, without the web host, on a fresh migrated database of the given provider.</summary>
public sealed class TeamServices : IAsyncDisposable
{
    private readonly TestDatabase database;

    private TeamServices(TestDatabase database, ServiceProvider services)
    {
        this.database = database;
        Services = services;
    }

    public ServiceProvider Services { get; }

    public static async Task<TeamServices> CreateAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [DatabaseOptions.DataDirKey] = database.DataDir, [DatabaseOptions.DbKey] = database.Db })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddLearningHealth(configuration)
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        }

        return new TeamServices(database, services);
    }

    /// <summary>Runs <paramref name="work"/> with a handler from a scope of its own, as a page or a command would.</summary>
    public async Task<TResult> RunAsync<THandler, TResult>(Func<THandler, Task<TResult>> work)
        where THandler : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<THandler>());
    }

    public async Task<TResult> QueryAsync<TResult>(Func<AppDbContext, Task<TResult>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<List<Organisation>> AddOrganisationsAsync(params Organisation[] organisations)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Organisations.AddRange(organisations);
        await db.SaveChangesAsync();
        return [.. organisations];
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await database.DisposeAsync();
    }
}
