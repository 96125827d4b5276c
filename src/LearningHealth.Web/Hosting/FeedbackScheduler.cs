using LearningHealth.Feedback;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Web.Hosting;

/// <summary>
/// Publishes the monthly feedback cycle (<c>Feedback:Schedule</c>, default the 1st at 06:00 UTC, or <c>off</c>). It
/// checks once at start-up and then every <see cref="CheckInterval"/>, so a host that was down at the scheduled moment
/// publishes when it comes back. Time comes from the registered <see cref="TimeProvider"/>, so tests can drive it.
/// Publishing is idempotent, so a check that overlaps "Publish now" or another host does no harm.
/// </summary>
internal sealed partial class FeedbackScheduler(
    IServiceScopeFactory scopes,
    FeedbackOptions options,
    TimeProvider clock,
    ILogger<FeedbackScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Schedule.Enabled)
        {
            LogOff();
            return;
        }

        // Let start-up (migrations, the demo seed) finish before the first check.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAsync(stoppingToken);
            try
            {
                await Task.Delay(CheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One check: publishes when the cycle for the latest complete period is due and not yet published. True if it published.</summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Persistence.AppDbContext>();
            var latest = await db.FeedbackCycles.Select(c => (DateOnly?)c.PeriodStart).MaxAsync(cancellationToken);
            if (!options.Schedule.IsDue(clock.GetUtcNow(), latest))
            {
                return false;
            }

            var outcome = await scope.ServiceProvider.GetRequiredService<PublishFeedbackCycle>().HandleAsync(new PublishFeedbackCycleCommand(), cancellationToken);
            if (!outcome.Succeeded)
            {
                LogNotPublished(outcome.Problems[0].Message);
                return false;
            }

            return outcome.Value!.NewCycle;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next check tries again; a failed check must not stop the host.
            LogFailed(e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback cycles are not scheduled (Feedback:Schedule is off)")]
    private partial void LogOff();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduled feedback cycle was not published: {Reason}")]
    private partial void LogNotPublished(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled feedback cycle check failed")]
    private partial void LogFailed(Exception exception);
}
