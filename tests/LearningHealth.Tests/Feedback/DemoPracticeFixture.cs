using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

/// <summary>The demo organisation with its routine data, once per provider for a test class (seeding takes seconds).</summary>
public sealed class DemoPracticeFixture : IAsyncLifetime
{
    public const string AntibioticsTitle = "Antibiotic prescribing for respiratory infections";

    private readonly Dictionary<string, Task<TestServices>> services = [];
    private readonly Lock gate = new();

    public Task<TestServices> ForAsync(string provider)
    {
        TestDatabase.SkipUnlessAvailable(provider);
        lock (gate)
        {
            if (!services.TryGetValue(provider, out var task))
            {
                task = StartAsync(provider);
                services[provider] = task;
            }

            return task;
        }
    }

    private static async Task<TestServices> StartAsync(string provider)
    {
        var created = await TestServices.CreateAsync(provider, demo: true);
        await created.Get<SeedDemoRoutineData>().HandleAsync();
        return created;
    }

    /// <summary>The viewer of a demo account (e.g. <c>clinician@northfield.example</c>) with its roles.</summary>
    public static async Task<Viewer> DemoViewerAsync(TestServices services, string role)
    {
        var users = services.Get<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync($"{role.ToLowerInvariant()}@{SeedDemoOrganisation.DemoEmailDomain}")
            ?? throw new InvalidOperationException($"No demo account for {role}.");
        return new Viewer(user.Id, user.DisplayName, user.PersonId, [.. await users.GetRolesAsync(user)]);
    }

    public static async Task<Initiative> AntibioticsAsync(TestServices services)
    {
        await using var db = services.NewDbContext();
        return await db.Initiatives.AsNoTracking().Include(i => i.Members).ThenInclude(m => m.Person).SingleAsync(i => i.Title == AntibioticsTitle);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var task in services.Values)
        {
            if (task.IsCompletedSuccessfully)
            {
                await task.Result.DisposeAsync();
            }
        }
    }
}
