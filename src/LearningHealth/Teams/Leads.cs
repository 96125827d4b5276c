using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

/// <summary>
/// Who leads something: a discipline group in the programme or in an initiative. Patient partners may contact
/// leads, so leads' contact details are shown to everyone who can see the team.
/// </summary>
internal static class Leads
{
    public static async Task<HashSet<Guid>> PersonIdsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var programme = await db.ProgrammeLeads.AsNoTracking().Select(l => l.PersonId).ToListAsync(cancellationToken);
        var initiatives = await db.InitiativeMembers.AsNoTracking().Where(m => m.IsLead).Select(m => m.PersonId).ToListAsync(cancellationToken);
        return [.. programme, .. initiatives];
    }
}
