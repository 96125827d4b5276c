using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

public sealed record InitiativeDetails(Initiative Initiative, IReadOnlyList<MemberFacts> Members, MakeUpResult MakeUp);

/// <summary>One initiative with its team and the make-up check of that team against what the work needs.</summary>
public sealed class GetInitiative(AppDbContext db, TimeProvider clock)
{
    public async Task<InitiativeDetails?> HandleAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var initiative = await db.Initiatives.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (initiative is null)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var members = (await LoadMemberFacts.ForAsync(db, [id], today, cancellationToken))[id]
            .OrderByDescending(m => m.IsLead).ThenBy(m => m.Group).ThenBy(m => m.Name, StringComparer.CurrentCulture).ToList();
        return new InitiativeDetails(initiative, members, MakeUpCheck.Run(initiative, members, today));
    }
}
