using System.Text.RegularExpressions;
using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed partial class PublishFeedbackCycleTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Publishing_notifies_each_linked_clinician_with_an_account_once_and_a_rerun_completes_a_half_done_cycle(string provider)
    {
        await using var services = await FeedbackServices.CreateAsync(provider);
        var links = await services.Get<PractitionerLinks>().AllAsync();
        var linkedPeople = links.Select(l => l.PersonId).ToHashSet();
        // Two more clinicians with accounts, so that "some" of the notifications can go missing below.
        foreach (var (link, n) in links.Skip(5).Take(2).Select((l, n) => (l, n)))
        {
            var created = await services.Get<LearningHealth.Identity.CreateUser>().HandleAsync(new LearningHealth.Identity.CreateUserCommand(
                $"linked{n}@northfield.example", link.DisplayName, [LearningHealth.Identity.Roles.Clinician], PersonId: link.PersonId));
            Assert.True(created.Succeeded);
        }

        List<(string Id, Guid? PersonId, string? Email)> users;
        await using (var db = services.NewDbContext())
        {
            users = (await db.Users.AsNoTracking().Select(u => new { u.Id, u.PersonId, u.Email }).ToListAsync()).Select(u => (u.Id, u.PersonId, u.Email)).ToList();
        }

        var expected = users.Where(u => u.PersonId is { } p && linkedPeople.Contains(p)).Select(u => u.Id).ToHashSet();
        var others = users.Select(u => u.Id).Where(id => !expected.Contains(id)).ToList();
        Assert.True(expected.Count >= 3);
        Assert.NotEmpty(others); // e.g. the patient partner's account, whose person gives no care in the data
        Assert.Contains(users, u => u.Email == "clinician@northfield.example" && expected.Contains(u.Id));

        var first = await services.Get<PublishFeedbackCycle>().HandleAsync(new PublishFeedbackCycleCommand());
        Assert.True(first.Succeeded, string.Join("; ", first.Problems.Select(p => p.Message)));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        Assert.True(first.Value!.NewCycle);
        Assert.Equal(lastMonth, first.Value.PeriodStart);
        Assert.Equal(expected.Count, first.Value.NewlyNotified);
        Assert.Equal(links.Count, first.Value.Clinicians);
        Assert.NotNull(first.Value.DataUpTo);
        Assert.InRange(first.Value.DataUpTo!.Value, lastMonth, lastMonth.AddMonths(1).AddDays(-1));

        await using (var db = services.NewDbContext())
        {
            var notifications = await db.Notifications.AsNoTracking().ToListAsync();
            Assert.Equal(expected.OrderBy(x => x), notifications.Select(n => n.UserId).OrderBy(x => x));
            Assert.All(notifications, n =>
            {
                Assert.Equal(NotificationKind.FeedbackCycle, n.Kind);
                Assert.Equal("/learning-cycle/practice", n.Link);
                Assert.Equal(first.Value.CycleId, n.CycleId);
            });

            // The demo clinician's summary counts their indicators in the month and those outside the month's 99.8% funnel limits.
            var clinician = users.Single(u => u.Email == "clinician@northfield.example");
            var key = links.Single(l => l.PersonId == clinician.PersonId).PractitionerKey;
            var rows = IndicatorLibrary.BuiltIn
                .SelectMany(i => ReadIndicatorResults.ForIndicator(services.Analytics, i.Id, "clinician", key))
                .Where(r => r.PeriodStart == lastMonth)
                .ToList();
            var outside = rows.Count(r => r.FunnelFlag998 is "above" or "below");
            Assert.NotEmpty(rows);
            var summary = notifications.Single(n => n.UserId == clinician.Id).Body;
            Assert.Equal($"{rows.Count} indicators updated for {lastMonth:MMMM yyyy}; {outside} outside the expected range", summary);
            Assert.Matches(SummaryPattern(), summary);

            var cycle = await db.FeedbackCycles.AsNoTracking().SingleAsync();
            Assert.Equal(expected.Count, cycle.Notified);
            Assert.Equal(0, cycle.Emailed); // no SMTP configured
        }

        // The same period again: no second cycle, nobody notified twice.
        var second = await services.Get<PublishFeedbackCycle>().HandleAsync(new PublishFeedbackCycleCommand());
        Assert.False(second.Value!.NewCycle);
        Assert.Equal(first.Value.CycleId, second.Value.CycleId);
        Assert.Equal(0, second.Value.NewlyNotified);

        // A run that stopped half-way (some notifications never written) is completed by the next.
        int lostCount;
        await using (var db = services.NewDbContext())
        {
            Assert.Equal(1, await db.FeedbackCycles.CountAsync());
            Assert.Equal(expected.Count, await db.Notifications.CountAsync());
            var lost = await db.Notifications.OrderBy(n => n.UserId).Take(expected.Count - 1).ToListAsync();
            lostCount = lost.Count;
            db.Notifications.RemoveRange(lost);
            await db.SaveChangesAsync();
        }

        var third = await services.Get<PublishFeedbackCycle>().HandleAsync(new PublishFeedbackCycleCommand());
        Assert.Equal(lostCount, third.Value!.NewlyNotified);
        await using (var db = services.NewDbContext())
        {
            Assert.Equal(1, await db.FeedbackCycles.CountAsync());
            Assert.Equal(expected.OrderBy(x => x), (await db.Notifications.Select(n => n.UserId).ToListAsync()).OrderBy(x => x));
            Assert.Equal(3, await db.AuditLog.CountAsync(e => e.Action == "feedback.cycle.publish"));
        }
    }

    [GeneratedRegex(@"^\d+ indicators? updated for [A-Z][a-z]+ \d{4}; \d+ outside the expected range$")]
    private static partial Regex SummaryPattern();
}
