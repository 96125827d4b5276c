namespace LearningHealth.Tests.Infrastructure;

/// <summary>
/// One running app per database provider, shared by the integration tests in the "web" collection so the demo is
/// seeded once per provider. Tests that change state use accounts or records of their own.
/// </summary>
public sealed class WebApps : IAsyncLifetime
{
    private readonly Dictionary<string, Task<LhsWebFactory>> apps = [];
    private readonly Lock gate = new();

    public Task<LhsWebFactory> ForAsync(string provider)
    {
        TestDatabase.SkipUnlessAvailable(provider);
        lock (gate)
        {
            if (!apps.TryGetValue(provider, out var app))
            {
                app = StartAsync(provider);
                apps[provider] = app;
            }

            return app;
        }
    }

    private static async Task<LhsWebFactory> StartAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var factory = new LhsWebFactory(database);
        _ = factory.Server; // Starts the host: migrations and the demo seed run before the first request.
        return factory;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in apps.Values)
        {
            if (app.IsCompletedSuccessfully)
            {
                var factory = app.Result;
                await factory.DisposeAsync();
                await factory.Database.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebApps>
{
    public const string Name = "web";
}
