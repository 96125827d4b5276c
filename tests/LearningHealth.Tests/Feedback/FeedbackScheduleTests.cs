using LearningHealth.Feedback;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearningHealth.Tests.Feedback;

public sealed class FeedbackScheduleTests
{
    private static readonly DateTimeOffset March5 = new(2027, 3, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_cycle_for_last_month_is_due_from_the_scheduled_day_and_hour_until_it_is_published()
    {
        var schedule = FeedbackSchedule.Parse("3 06:30");
        var february = new DateOnly(2027, 2, 1);
        Assert.Equal(february, FeedbackSchedule.LatestCompletePeriod(March5));
        Assert.False(schedule.IsDue(new DateTimeOffset(2027, 3, 3, 6, 29, 0, TimeSpan.Zero), null));
        Assert.True(schedule.IsDue(new DateTimeOffset(2027, 3, 3, 6, 30, 0, TimeSpan.Zero), null));
        Assert.True(schedule.IsDue(March5, new DateOnly(2027, 1, 1)));
        Assert.False(schedule.IsDue(March5, february));
        // A host that was down on the day publishes when it is back, later in the month.
        Assert.True(schedule.IsDue(new DateTimeOffset(2027, 3, 28, 0, 0, 0, TimeSpan.Zero), new DateOnly(2027, 1, 1)));
        // January's cycle is due in February: the 31st of a short month is its last day.
        var late = FeedbackSchedule.Parse("31 00:00");
        Assert.Equal(new DateTime(2027, 2, 28, 0, 0, 0, DateTimeKind.Utc), late.DueIn(2027, 2));
        Assert.False(late.IsDue(new DateTimeOffset(2027, 2, 27, 23, 0, 0, TimeSpan.Zero), null));
        Assert.True(late.IsDue(new DateTimeOffset(2027, 2, 28, 0, 0, 0, TimeSpan.Zero), null));

        Assert.False(FeedbackSchedule.Parse("off").IsDue(March5, null));
        Assert.Equal(FeedbackSchedule.Default, FeedbackSchedule.Parse(null));
        var bad = Assert.Throws<InvalidOperationException>(() => FeedbackSchedule.Parse("monthly"));
        Assert.Contains("Feedback:Schedule", bad.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => FeedbackSchedule.Parse("32 06:00"));
    }

    [Fact]
    public async Task The_scheduler_publishes_once_when_its_clock_reaches_the_scheduled_moment()
    {
        await using var services = await FeedbackServices.CreateAsync(TestDatabase.Sqlite);
        var today = DateTime.UtcNow;
        var clock = new SettableClock(new DateTimeOffset(today.Year, today.Month, 1, 5, 0, 0, TimeSpan.Zero));
        var scheduler = new FeedbackScheduler(services.Services.GetRequiredService<IServiceScopeFactory>(),
            new FeedbackOptions(null, FeedbackSchedule.Parse("1 06:00")), clock, NullLogger<FeedbackScheduler>.Instance);

        Assert.False(await scheduler.CheckAsync(CancellationToken.None));
        await using (var db = services.NewDbContext())
        {
            Assert.Equal(0, await db.FeedbackCycles.CountAsync());
        }

        clock.Now = clock.Now.AddHours(1);
        Assert.True(await scheduler.CheckAsync(CancellationToken.None));
        clock.Now = clock.Now.AddHours(1);
        Assert.False(await scheduler.CheckAsync(CancellationToken.None));
        await using (var db = services.NewDbContext())
        {
            var cycle = await db.FeedbackCycles.SingleAsync();
            Assert.Equal(FeedbackSchedule.LatestCompletePeriod(clock.Now), cycle.PeriodStart);
            Assert.True(await db.Notifications.CountAsync() > 0);
        }
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
