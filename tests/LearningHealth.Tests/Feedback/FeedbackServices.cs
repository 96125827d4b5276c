using LearningHealth.Demo;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Tests.Feedback;

/// <summary>
/// The app's services on a fresh test database with the demo organisation and its routine data, and any extra
/// configuration (SMTP, public address) a test needs.
/// </summary>
public sealed class FeedbackServices : IAsyncDisposable
{
    private FeedbackServices(TestDatabase database, ServiceProvider services)
    {
        Database = database;
        Services = services;
    }

    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }

    public static async Task<FeedbackServices> CreateAsync(string provider, IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var values = new Dictionary<string, string?> { ["DataDir"] = database.DataDir, ["Db"] = database.Db };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddLearningHealth(configuration).BuildServiceProvider();
        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>().HandleAsync();
            await scope.ServiceProvider.GetRequiredService<SeedDemoRoutineData>().HandleAsync();
        }

        return new FeedbackServices(database, services);
    }

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public AppDbContext NewDbContext() => Get<AppDbContext>();

    public string Analytics => LearningHealth.Indicators.AnalyticsDatabase.PathIn(Database.DataDir);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
