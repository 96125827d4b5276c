using LearningHealth.Identity;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>How a viewer may see a team's clinicians: named (a Lead of that team) or anonymous (members, Analysts, Admins).</summary>
public enum PeerVisibility
{
    Anonymous,
    Named,
}

/// <summary>A team for feedback (an initiative's team) and the clinicians in it who have routine data.</summary>
public sealed record FeedbackTeam(Guid InitiativeId, string Title, PeerVisibility Visibility, IReadOnlyList<PractitionerLink> Clinicians, bool ViewerIsMember, bool ViewerLeads);

/// <summary>
/// Who may see which team. A clinician's team is an initiative whose team they are a member of. The Leads of a team
/// are users with the Lead role whose person is an <c>IsLead</c> member of the initiative: they see its clinicians
/// by name. Members, and Analysts and Admins (who see per-clinician results on the analyst pages anyway), see peers
/// anonymously. Anyone else, including a Lead who does not lead this initiative, is refused.
/// </summary>
public sealed class FeedbackTeams(AppDbContext db, PractitionerLinks links, TimeProvider clock)
{
    /// <summary>The teams the viewer may see, with the visibility they get.</summary>
    public async Task<IReadOnlyList<FeedbackTeam>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var ids = viewer.IsAnalyst
            ? await db.Initiatives.AsNoTracking().Select(i => i.Id).ToListAsync(cancellationToken)
            : viewer.PersonId is { } personId
                ? await db.InitiativeMembers.AsNoTracking().Where(m => m.PersonId == personId).Select(m => m.InitiativeId).Distinct().ToListAsync(cancellationToken)
                : [];
        var all = await links.AllAsync(cancellationToken);
        var teams = new List<FeedbackTeam>();
        foreach (var id in ids)
        {
            if (await ForAsync(viewer, id, all, cancellationToken) is { } team && team.Clinicians.Count > 0)
            {
                teams.Add(team);
            }
        }

        return [.. teams.OrderBy(t => t.Title, StringComparer.Ordinal)];
    }

    /// <summary>The team, refused as not found when the initiative does not exist and as forbidden when the viewer may not see it.</summary>
    public async Task<Guarded<FeedbackTeam>> AccessAsync(Viewer viewer, Guid initiativeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!await db.Initiatives.AnyAsync(i => i.Id == initiativeId, cancellationToken))
        {
            return Guarded<FeedbackTeam>.NotFound("There is no such initiative.");
        }

        var team = await ForAsync(viewer, initiativeId, await links.AllAsync(cancellationToken), cancellationToken);
        return team is null
            ? Guarded<FeedbackTeam>.Forbidden("Only the members and Leads of this initiative's team can see its peer comparison.")
            : Guarded<FeedbackTeam>.Ok(team);
    }

    private async Task<FeedbackTeam?> ForAsync(Viewer viewer, Guid initiativeId, IReadOnlyList<PractitionerLink> all, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var initiative = await db.Initiatives.AsNoTracking().Where(i => i.Id == initiativeId)
            .Select(i => new { i.Id, i.Title, Members = i.Members.Select(m => new { m.PersonId, m.IsLead, m.EndDate }).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        if (initiative is null)
        {
            return null;
        }

        var current = initiative.Members.Where(m => m.EndDate is null || m.EndDate >= today).ToList();
        var member = viewer.PersonId is { } personId ? current.FirstOrDefault(m => m.PersonId == personId) : null;
        var leads = member is { IsLead: true } && viewer.IsIn(Roles.Lead);
        if (member is null && !viewer.IsAnalyst)
        {
            return null;
        }

        var people = current.Select(m => m.PersonId).ToHashSet();
        var clinicians = all.Where(l => people.Contains(l.PersonId)).ToList();
        return new FeedbackTeam(initiative.Id, initiative.Title, leads ? PeerVisibility.Named : PeerVisibility.Anonymous, clinicians, member is not null, leads);
    }
}
