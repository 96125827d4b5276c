using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

public sealed record InitiativeSummary(Guid Id, string Title, string TemplateName, InitiativeStatus Status, DateOnly StartDate, DateOnly? EndDate, int Members, int Gaps, int Risks);

/// <summary>The LHS's pieces of work, open ones first, each with how many gaps and risks its team has.</summary>
public sealed class ListInitiatives(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<InitiativeSummary>> HandleAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var initiatives = await db.Initiatives.AsNoTracking().ToListAsync(cancellationToken);
        var members = await LoadMemberFacts.ForAsync(db, initiatives.Select(i => i.Id).ToList(), today, cancellationToken);
        return initiatives
            .Select(i => (Initiative: i, Check: MakeUpCheck.Run(i, members[i.Id].ToList(), today), Members: members[i.Id].Count()))
            .OrderBy(x => x.Initiative.IsOpen ? 0 : 1).ThenBy(x => x.Initiative.StartDate)
            .Select(x => new InitiativeSummary(x.Initiative.Id, x.Initiative.Title, x.Initiative.TemplateName, x.Initiative.Status,
                x.Initiative.StartDate, x.Initiative.EndDate, x.Members, x.Check.Gaps.Count, x.Check.Risks.Count))
            .ToList();
    }
}
