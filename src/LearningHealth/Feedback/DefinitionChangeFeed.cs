using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>The "What changed" feed: changes newest first, and how many items are tracked since when.</summary>
public sealed record DefinitionChangeFeedPage(IReadOnlyList<DefinitionChange> Changes, int TrackedItems, DateTime? TrackedSince);

/// <summary>
/// Reads the recorded definition changes for the feed. Baselines (the first state recorded of each item, with no
/// <c>FromVersion</c>) are not changes; they are counted, not listed, unless asked for.
/// </summary>
public sealed class DefinitionChangeFeed(AppDbContext db)
{
    public async Task<DefinitionChangeFeedPage> HandleAsync(bool includeBaselines = false, CancellationToken cancellationToken = default)
    {
        var all = await db.DefinitionChanges.AsNoTracking().ToListAsync(cancellationToken);
        var baselines = all.Where(c => c.FromVersion is null).ToList();
        var changes = all.Where(c => includeBaselines || c.FromVersion is not null)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .ToList();
        return new DefinitionChangeFeedPage(changes, all.Select(c => (c.Kind, c.ItemKey)).Distinct().Count(),
            baselines.Count == 0 ? null : baselines.Min(c => c.ChangedAt));
    }
}
