using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>The feedback a learning goal came from: the action's indicator, for "From feedback on …" on the plan.</summary>
public sealed record GoalSource(Guid ActionId, string IndicatorId, string IndicatorTitle);

/// <summary>Looks up the actions behind learning goals that were made from feedback (by <c>LearningGoal.FeedbackActionId</c>).</summary>
public sealed class ActionsForGoals(AppDbContext db, IndicatorCatalog catalog)
{
    public async Task<IReadOnlyDictionary<Guid, GoalSource>> HandleAsync(IEnumerable<Guid> actionIds, CancellationToken cancellationToken = default)
    {
        var ids = actionIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<Guid, GoalSource>();
        }

        var rows = await db.FeedbackActions.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.IndicatorId }).ToListAsync(cancellationToken);
        var titleOf = catalog.Titles();
        return rows.ToDictionary(r => r.Id, r => new GoalSource(r.Id, r.IndicatorId, titleOf(r.IndicatorId)));
    }
}
