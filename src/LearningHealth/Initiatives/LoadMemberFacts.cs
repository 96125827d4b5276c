using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

/// <summary>Loads, for the members of some initiatives, the facts the make-up check and the risk review need.</summary>
internal static class LoadMemberFacts
{
    public static async Task<ILookup<Guid, MemberFacts>> ForAsync(AppDbContext db, IReadOnlyCollection<Guid> initiativeIds, DateOnly today, CancellationToken cancellationToken)
    {
        var rows = await db.InitiativeMembers.AsNoTracking()
            .Where(m => initiativeIds.Contains(m.InitiativeId))
            .Select(m => new
            {
                m.InitiativeId,
                m.PersonId,
                m.Person!.GivenName,
                m.Person.FamilyName,
                m.Group,
                m.Person.Profession,
                m.Fte,
                m.IsLead,
                m.EndDate,
                // The person's main current engagement: the one giving the most time.
                Engagement = m.Person.Engagements
                    .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
                    .OrderByDescending(e => e.Fte)
                    .Select(e => new { e.Type, e.EndDate, e.OrganisationId, OrganisationName = e.Organisation!.Name, OrganisationKind = e.Organisation.Kind })
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        return rows.ToLookup(r => r.InitiativeId, r => new MemberFacts(
            r.PersonId,
            $"{r.GivenName} {r.FamilyName}",
            r.Group,
            r.Profession,
            r.Fte,
            r.IsLead,
            r.EndDate,
            r.Engagement?.Type,
            r.Engagement?.EndDate,
            r.Engagement?.OrganisationId,
            r.Engagement?.OrganisationName,
            r.Engagement?.OrganisationKind));
    }
}
