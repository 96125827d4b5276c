using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public sealed record CompositionCell(int People, decimal Fte);

public sealed record GroupComposition(DisciplineGroup Group, IReadOnlyDictionary<EngagementType, CompositionCell> ByEngagement, int People, decimal Fte, string? LeadName, Guid? LeadId);

public sealed record ProgrammeOverviewResult(
    IReadOnlyList<GroupComposition> Groups,
    IReadOnlyDictionary<EngagementType, CompositionCell> Totals,
    int People,
    decimal Fte,
    Sponsorship? Sponsorship,
    IReadOnlyList<Risk> Risks);

/// <summary>The LHS team at a glance: who is in it by discipline group and terms of engagement, who leads each group, the organisation's backing, and the risks.</summary>
public sealed class ProgrammeOverview(AppDbContext db, ProgrammeRisks risks, TimeProvider clock)
{
    public async Task<ProgrammeOverviewResult> HandleAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .Select(e => new { e.PersonId, e.Person!.Discipline, e.Type, e.Fte })
            .ToListAsync(cancellationToken);
        var leads = await db.ProgrammeLeads.AsNoTracking().Include(l => l.Person).ToDictionaryAsync(l => l.Group, cancellationToken);

        var groups = Enum.GetValues<DisciplineGroup>().Select(group =>
        {
            var inGroup = engagements.Where(e => e.Discipline == group).ToList();
            var byEngagement = Enum.GetValues<EngagementType>().ToDictionary(
                type => type,
                type => new CompositionCell(inGroup.Where(e => e.Type == type).Select(e => e.PersonId).Distinct().Count(), inGroup.Where(e => e.Type == type).Sum(e => e.Fte)));
            leads.TryGetValue(group, out var lead);
            return new GroupComposition(group, byEngagement, inGroup.Select(e => e.PersonId).Distinct().Count(), inGroup.Sum(e => e.Fte), lead?.Person?.DisplayName, lead?.PersonId);
        }).ToList();

        var totals = Enum.GetValues<EngagementType>().ToDictionary(
            type => type,
            type => new CompositionCell(engagements.Where(e => e.Type == type).Select(e => e.PersonId).Distinct().Count(), engagements.Where(e => e.Type == type).Sum(e => e.Fte)));

        return new ProgrammeOverviewResult(
            groups,
            totals,
            engagements.Select(e => e.PersonId).Distinct().Count(),
            engagements.Sum(e => e.Fte),
            await db.Sponsorships.AsNoTracking().FirstOrDefaultAsync(cancellationToken),
            await risks.HandleAsync(cancellationToken));
    }
}
