using System.Diagnostics;
using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Tests.Resilience;

/// <summary>
/// <c>lhs feedback publish</c> killed with SIGKILL at several points, then run to the end: one cycle for the month and
/// exactly one notification for every linked clinician account, none twice and none lost.
/// </summary>
public sealed class KilledFeedbackCycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_feedback_cycle_killed_part_way_then_published_again_notifies_every_clinician_exactly_once()
    {
        using var folder = new TemporaryFolder("lhs-kill-cycle-");
        var data = folder.Path;
        var seeded = await ChildProcess.RunAsync(Patience, "demo", "seed", "--data-dir", data);
        Assert.True(seeded.Exit == 0, seeded.Output + seeded.Error);

        var expected = await WithServicesAsync(data, PrepareAsync);

        var watch = Stopwatch.StartNew();
        var first = await ChildProcess.RunAsync(Patience, "feedback", "publish", "--data-dir", data);
        var uninterrupted = watch.Elapsed;
        Assert.True(first.Exit == 0, first.Output + first.Error);
        var (cycles, notified) = await WithServicesAsync(data, StateAsync);
        Assert.Equal(1, cycles);
        Assert.Equal(expected.Order(), notified.Order());

        // Start the month again and kill the publication at several points: never a second cycle or a duplicate.
        foreach (var fraction in new[] { 0.3, 0.5, 0.65, 0.8, 0.9, 0.97 })
        {
            await WithServicesAsync(data, ClearAsync);
            using (var child = ChildProcess.Start("feedback", "publish", "--data-dir", data))
            {
                await Task.Delay(uninterrupted * fraction);
                child.KillHard();
            }

            var (afterKill, partial) = await WithServicesAsync(data, StateAsync);
            Assert.InRange(afterKill, 0, 1);
            Assert.Equal(partial.Distinct().Count(), partial.Count);
            Assert.Subset(expected.ToHashSet(), partial.ToHashSet());

            var resumed = await ChildProcess.RunAsync(Patience, "feedback", "publish", "--data-dir", data);
            Assert.True(resumed.Exit == 0, resumed.Output + resumed.Error);
            var (finalCycles, final) = await WithServicesAsync(data, StateAsync);
            Assert.Equal(1, finalCycles);
            Assert.Equal(expected.Order(), final.Order());
        }
    }

    /// <summary>
    /// The app's services on the child's data folder, for one step only: disposed, with SQLite's pooled connections
    /// closed, before the next child runs, so this process holds no connection to either database meanwhile.
    /// </summary>
    private static async Task<T> WithServicesAsync<T>(string data, Func<ServiceProvider, Task<T>> step)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = data }).Build();
        try
        {
            await using var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddLearningHealth(configuration).BuildServiceProvider();
            return await step(services);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>An account for every demo clinician (the demo has one), so a cycle has many people to notify.</summary>
    private static async Task<List<string>> PrepareAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var linked = (await scope.ServiceProvider.GetRequiredService<PractitionerLinks>().AllAsync()).Select(l => l.PersonId).ToHashSet();
        var withAccount = await db.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value).ToListAsync();
        var clinicians = await db.People.Where(p => p.Discipline == DisciplineGroup.Clinician).Select(p => p.Id).ToListAsync();
        foreach (var person in clinicians.Where(linked.Contains).Except(withAccount))
        {
            var email = $"clinician-{person:N}@northfield.example";
            var user = new AppUser { UserName = email, Email = email, DisplayName = email, PersonId = person };
            Assert.True((await users.CreateAsync(user, "A-long-test-password-1")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Clinician)).Succeeded);
        }

        return await db.Users.Where(u => u.PersonId != null && linked.Contains(u.PersonId!.Value)).Select(u => u.Id).ToListAsync();
    }

    private static async Task<int> ClearAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Notifications.ExecuteDeleteAsync() + await db.FeedbackCycles.ExecuteDeleteAsync();
    }

    private static async Task<(int Cycles, List<string> Notified)> StateAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cycles = await db.FeedbackCycles.CountAsync();
        var notified = await db.Notifications.Where(n => n.Kind == NotificationKind.FeedbackCycle).Select(n => n.UserId).ToListAsync();
        return (cycles, notified);
    }
}
