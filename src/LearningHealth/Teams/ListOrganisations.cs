using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public sealed record OrganisationSummary(Guid Id, string Name, OrganisationKind Kind, string? OdsCode, int CurrentPeople);

/// <summary>The organisations whose people work in the LHS, with how many people each has in it now.</summary>
public sealed class ListOrganisations(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<OrganisationSummary>> HandleAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var counts = await db.Engagements.AsNoTracking()
            .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .GroupBy(e => e.OrganisationId)
            .Select(g => new { g.Key, People = g.Select(e => e.PersonId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => g.People, cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().ToListAsync(cancellationToken);
        return organisations
            .OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.CurrentCulture)
            .Select(o => new OrganisationSummary(o.Id, o.Name, o.Kind, o.OdsCode, counts.GetValueOrDefault(o.Id)))
            .ToList();
    }
}
