using LearningHealth.Demo;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Tests.Infrastructure;

/// <summary>The app's services (no web host) on a fresh, migrated test database of their own, optionally with the demo.</summary>
public sealed class TestServices : IAsyncDisposable
{
    private TestServices(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }

    public static async Task<TestServices> CreateAsync(string provider = TestDatabase.Sqlite, bool demo = false)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDir"] = database.DataDir,
            ["Db"] = database.Db,
        }).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddLearningHealth(configuration).BuildServiceProvider();
        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            if (demo)
            {
                await scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>().HandleAsync();
            }
        }

        return new TestServices(database, services);
    }

    /// <summary>A handler from a new scope, as one request would get it.</summary>
    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public AppDbContext NewDbContext() => Get<AppDbContext>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
