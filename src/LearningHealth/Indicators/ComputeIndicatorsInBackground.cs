using LearningHealth.Audit;
using LearningHealth.Feedback;
using LearningHealth.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Indicators;

/// <summary>Whether a computation started from the web app is running, and how the last one ended.</summary>
public sealed record IndicatorComputationState(DateTimeOffset? RunningSince, string? LastOutcome, DateTimeOffset? LastFinished);

/// <summary>
/// Runs the indicator computation started from the analyst page in the background, one at a time, so the request
/// returns at once: with a full library over a large analytics file the computation takes longer than a reverse
/// proxy waits for a response. It computes with the current teams (<see cref="RefreshIndicators"/>) and
/// records the run in the audit log in the name of whoever started it. A second start while one runs is refused.
/// </summary>
public sealed class ComputeIndicatorsInBackground(
    IServiceScopeFactory scopes, DatabaseOptions database, TimeProvider clock, ILogger<ComputeIndicatorsInBackground> log)
{
    private readonly Lock gate = new();
    private Task? running;
    private IndicatorComputationState state = new(null, null, null);

    /// <summary>The current state, for the page to show.</summary>
    public IndicatorComputationState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>Starts a computation unless one is running; returns false when one is.</summary>
    public bool TryStart(bool force, AuditActor actor, string startedFrom)
    {
        lock (gate)
        {
            if (running is { IsCompleted: false })
            {
                return false;
            }

            state = state with { RunningSince = clock.GetUtcNow() };
            running = Task.Run(() => RunAsync(force, actor, startedFrom));
            return true;
        }
    }

    /// <summary>Completes when the computation running now (if any) has finished.</summary>
    public Task WhenIdle()
    {
        lock (gate)
        {
            return running ?? Task.CompletedTask;
        }
    }

    private async Task RunAsync(bool force, AuditActor actor, string startedFrom)
    {
        string outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<RefreshIndicators>().HandleAsync(force);
            var path = AnalyticsDatabase.PathIn(database.DataDirectory);
            var computed = report.Indicators.Count(o => o.Status == "computed");
            var unchanged = report.Indicators.Count(o => o.Status == "unchanged");
            var failed = report.Indicators.Where(o => o.Status == "failed").ToList();
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(AuditActions.IndicatorsComputed, actor, $"analytics:{Path.GetFileName(path)}",
                $"run {report.RunId}; {computed} computed, {unchanged} unchanged, {failed.Count} failed; force: {force}; from {startedFrom}");
            outcome = $"Computed {computed} indicator(s) in {report.Duration.TotalSeconds:0.0} s; {unchanged} unchanged"
                + (failed.Count > 0 ? $"; failed: {string.Join("; ", failed.Select(f => $"{f.IndicatorId}: {f.Message}"))}" : "") + ".";
        }
        catch (FileNotFoundException e)
        {
            outcome = e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The computation is transactional: a failure leaves the previous results. Say so rather than lose it.
            log.LogError(e, "The indicator computation failed");
            outcome = $"The computation failed and the previous results were kept: {e.Message}";
        }

        lock (gate)
        {
            state = new IndicatorComputationState(null, outcome, clock.GetUtcNow());
        }
    }
}
