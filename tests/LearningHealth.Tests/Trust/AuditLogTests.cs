using LearningHealth.Audit;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Trust;

/// <summary>The hash chain finds tampering done straight in the database, and concurrent writers never break it.</summary>
public sealed class AuditLogTests
{
    private static async Task<TestServices> WithEntriesAsync(string provider, int count)
    {
        var services = await TestServices.CreateAsync(provider);
        var audit = services.Get<AuditLog>();
        for (var i = 1; i <= count; i++)
        {
            await audit.RecordAsync(AuditActions.Export, new AuditActor($"user-{i}", $"user{i}@test.example"), $"thing:{i}", $"entry {i}");
        }

        return services;
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_untouched_log_verifies_and_each_entry_links_to_the_one_before(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 4);

        var result = await services.Get<AuditLog>().VerifyAsync();
        var entries = await services.NewDbContext().AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(4, result.Entries);
        Assert.Equal([1L, 2, 3, 4], entries.Select(e => e.Sequence));
        Assert.Equal("", entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
            Assert.Equal(AuditLog.HashOf(entries[i]), entries[i].Hash);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_entry_edited_in_the_database_is_found(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 5);
        await using (var db = services.NewDbContext())
        {
            await db.AuditLog.Where(e => e.Sequence == 3).ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "entry 3, quietly changed"));
        }

        var result = await services.Get<AuditLog>().VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBroken);
        Assert.Equal(2, result.Entries);
        Assert.Contains("changed after it was written", result.Problem, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_entry_whose_hash_was_recomputed_after_an_edit_still_breaks_the_link_to_the_next(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 5);
        await using (var db = services.NewDbContext())
        {
            var entry = await db.AuditLog.SingleAsync(e => e.Sequence == 2);
            entry.ActorName = "someone else";
            entry.Hash = AuditLog.HashOf(entry);
            await db.SaveChangesAsync();
        }

        var result = await services.Get<AuditLog>().VerifyAsync();

        Assert.Equal(3, result.FirstBroken);
        Assert.Contains("does not follow entry 2", result.Problem, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_middle_entry_is_found(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 5);
        await using (var db = services.NewDbContext())
        {
            await db.AuditLog.Where(e => e.Sequence == 3).ExecuteDeleteAsync();
        }

        var result = await services.Get<AuditLog>().VerifyAsync();

        Assert.Equal(3, result.FirstBroken);
        Assert.Equal("entry 3 is missing (next is 4)", result.Problem);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_deleted_middle_entry_with_the_rest_renumbered_is_found(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 5);
        await using (var db = services.NewDbContext())
        {
            await db.AuditLog.Where(e => e.Sequence == 3).ExecuteDeleteAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Sequence\" = 3 WHERE \"Sequence\" = 4");
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Sequence\" = 4 WHERE \"Sequence\" = 5");
        }

        var result = await services.Get<AuditLog>().VerifyAsync();

        Assert.Equal(3, result.FirstBroken);
        Assert.False(result.Intact);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reordered_pair_of_entries_is_found(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 5);
        await using (var db = services.NewDbContext())
        {
            // Swap entries 2 and 3 through a free number, as someone editing the table would have to.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Sequence\" = 1000 WHERE \"Sequence\" = 2");
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Sequence\" = 2 WHERE \"Sequence\" = 3");
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditLog\" SET \"Sequence\" = 3 WHERE \"Sequence\" = 1000");
        }

        var result = await services.Get<AuditLog>().VerifyAsync();

        Assert.Equal(2, result.FirstBroken);
        Assert.Contains("does not follow entry 1", result.Problem, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Appends_from_many_tasks_at_once_make_one_unbroken_chain(string provider)
    {
        await using var services = await TestServices.CreateAsync(provider);
        const int Writers = 8;
        const int EntriesEach = 25;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < EntriesEach; i++)
            {
                // A scope per entry, as each request would have its own.
                await services.Get<AuditLog>().RecordAsync(AuditActions.SignIn, AuditActor.System, $"writer:{writer}", $"entry {i}");
            }
        })));

        var result = await services.Get<AuditLog>().VerifyAsync();
        var subjects = await services.NewDbContext().AuditLog.AsNoTracking().GroupBy(e => e.Subject).Select(g => g.Count()).ToListAsync();

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(Writers * EntriesEach, result.Entries);
        Assert.Equal(Writers, subjects.Count);
        Assert.All(subjects, count => Assert.Equal(EntriesEach, count));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Search_filters_by_action_actor_subject_and_dates_newest_first_in_pages(string provider)
    {
        await using var services = await WithEntriesAsync(provider, 7);
        await services.Get<AuditLog>().RecordAsync(AuditActions.SignInFailed, AuditActor.System, "user:Somebody@Test.Example", "client: 10.0.0.1");
        var search = services.Get<SearchAuditLog>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var exports = await search.HandleAsync(new AuditLogQuery(Action: AuditActions.Export, PageSize: 3));
        var secondPage = await search.HandleAsync(new AuditLogQuery(Action: AuditActions.Export, Page: 2, PageSize: 3));
        var byActor = await search.HandleAsync(new AuditLogQuery(Actor: "USER4@test"));
        var bySubject = await search.HandleAsync(new AuditLogQuery(Subject: "somebody@test"));
        var todayOnly = await search.HandleAsync(new AuditLogQuery(From: today.AddDays(-1), To: today.AddDays(1)));
        var tomorrow = await search.HandleAsync(new AuditLogQuery(From: today.AddDays(2)));
        var actions = await search.ActionsAsync();

        Assert.Equal(7, exports.Total);
        Assert.Equal(3, exports.Pages);
        Assert.Equal([7L, 6, 5], exports.Entries.Select(e => e.Sequence));
        Assert.Equal([4L, 3, 2], secondPage.Entries.Select(e => e.Sequence));
        Assert.Equal("thing:4", Assert.Single(byActor.Entries).Subject);
        Assert.Equal(AuditActions.SignInFailed, Assert.Single(bySubject.Entries).Action);
        Assert.Equal(8, todayOnly.Total);
        Assert.Equal(0, tomorrow.Total);
        Assert.Equal([AuditActions.Export, AuditActions.SignInFailed], actions);
    }
}
