using LearningHealth.Indicators;
using LearningHealth.Persistence;

namespace LearningHealth.Feedback;

/// <summary>
/// Computes the indicators of the data folder's analytics file with the app's current team membership
/// (<see cref="ExportTeamMembership"/> first, then <see cref="ComputeIndicators"/>): what the demo, the monthly
/// feedback cycle and the analyst page run, so none of them can compute with stale teams.
/// </summary>
public sealed class RefreshIndicators(ExportTeamMembership teams, DatabaseOptions database, IndicatorCatalog catalog, TimeProvider clock)
{
    public async Task<ComputeIndicatorsReport> HandleAsync(bool force = false, CancellationToken cancellationToken = default)
    {
        await teams.HandleAsync(cancellationToken);
        return new ComputeIndicators(clock).Handle(new ComputeIndicatorsCommand
        {
            DatabasePath = AnalyticsDatabase.PathIn(database.DataDirectory),
            Indicators = catalog.All,
            Force = force,
        });
    }
}
