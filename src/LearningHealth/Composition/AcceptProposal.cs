using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Composition;

/// <summary>One member of the team being accepted.</summary>
public sealed record AcceptedMember(Guid PersonId, DisciplineGroup Group, decimal Fte, bool IsLead);

public sealed record AcceptProposalCommand(Guid InitiativeId, IReadOnlyList<AcceptedMember> Members);

/// <summary>
/// Makes a proposed team the initiative's team: members not in it leave, members in it get the proposed group, FTE
/// and lead, and new people join. The make-up check then reflects the new team.
/// </summary>
public sealed class AcceptProposal(AppDbContext db)
{
    public async Task<Outcome<int>> HandleAsync(AcceptProposalCommand command, CancellationToken cancellationToken = default)
    {
        if (command.Members.Count == 0)
        {
            return new Problem("The proposal has no members.", "Members");
        }

        if (command.Members.Select(m => m.PersonId).Distinct().Count() != command.Members.Count)
        {
            return new Problem("A person appears twice in the proposal.", "Members");
        }

        if (command.Members.Any(m => m.Fte is <= 0 or > 1.5m))
        {
            return new Problem("FTE for this initiative must be more than 0 and at most 1.5.", "Members");
        }

        if (!await db.Initiatives.AnyAsync(i => i.Id == command.InitiativeId, cancellationToken))
        {
            return new Problem("That initiative no longer exists.", Kind: ProblemKind.NotFound);
        }

        var ids = command.Members.Select(m => m.PersonId).ToList();
        var known = await db.People.Where(p => ids.Contains(p.Id)).CountAsync(cancellationToken);
        if (known != ids.Count)
        {
            return new Problem("Someone in the proposal is no longer in the directory; propose again.", "Members", ProblemKind.Conflict);
        }

        var existing = await db.InitiativeMembers.Where(m => m.InitiativeId == command.InitiativeId).ToListAsync(cancellationToken);
        var byPerson = existing.ToDictionary(m => m.PersonId);
        db.InitiativeMembers.RemoveRange(existing.Where(m => !ids.Contains(m.PersonId)));
        foreach (var accepted in command.Members)
        {
            if (byPerson.TryGetValue(accepted.PersonId, out var member))
            {
                member.Group = accepted.Group;
                member.Fte = accepted.Fte;
                member.IsLead = accepted.IsLead;
                member.EndDate = null;
            }
            else
            {
                db.InitiativeMembers.Add(new()
                {
                    InitiativeId = command.InitiativeId,
                    PersonId = accepted.PersonId,
                    Group = accepted.Group,
                    Fte = accepted.Fte,
                    IsLead = accepted.IsLead,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<int>.Ok(command.Members.Count);
    }
}
