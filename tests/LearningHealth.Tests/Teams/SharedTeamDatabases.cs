using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Teams;

/// <summary>
/// One database per provider with the import tests' organisations, shared by the tests of a class that write nothing
/// to it (files the import refuses), so that each does not pay for creating and migrating a database.
/// </summary>
public sealed class SharedTeamDatabases : IAsyncLifetime
{
    private readonly Dictionary<string, Task<TeamServices>> databases = [];
    private readonly Lock gate = new();

    public Task<TeamServices> ForAsync(string provider)
    {
        TestDatabase.SkipUnlessAvailable(provider);
        lock (gate)
        {
            if (!databases.TryGetValue(provider, out var services))
            {
                services = ImportFiles.WithOrganisationsAsync(provider);
                databases[provider] = services;
            }

            return services;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var services in databases.Values)
        {
            if (services.IsCompletedSuccessfully)
            {
                await services.Result.DisposeAsync();
            }
        }
    }
}
