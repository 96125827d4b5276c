using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

public sealed record AddMemberCommand(Guid InitiativeId, Guid PersonId, DisciplineGroup? Group, decimal Fte, bool IsLead);

/// <summary>Adds a person to an initiative's team, or removes them; the make-up check then reflects the change.</summary>
public sealed class ChangeTeam(AppDbContext db)
{
    public async Task<Outcome<Guid>> AddAsync(AddMemberCommand command, CancellationToken cancellationToken = default)
    {
        if (command.Fte is <= 0 or > 1.5m)
        {
            return new Problem("FTE for this initiative must be more than 0 and at most 1.5.", "Fte");
        }

        if (!await db.Initiatives.AnyAsync(i => i.Id == command.InitiativeId, cancellationToken))
        {
            return new Problem("That initiative no longer exists.", Kind: ProblemKind.NotFound);
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.PersonId, cancellationToken);
        if (person is null)
        {
            return new Problem("Choose a person from the directory.", "PersonId");
        }

        if (await db.InitiativeMembers.AnyAsync(m => m.InitiativeId == command.InitiativeId && m.PersonId == command.PersonId, cancellationToken))
        {
            return new Problem($"{person.DisplayName} is already in this team.", "PersonId", ProblemKind.Conflict);
        }

        var member = new InitiativeMember
        {
            InitiativeId = command.InitiativeId,
            PersonId = command.PersonId,
            Group = command.Group ?? person.Discipline,
            Fte = command.Fte,
            IsLead = command.IsLead,
        };
        db.InitiativeMembers.Add(member);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Ok(member.Id);
    }

    public async Task<Outcome<bool>> RemoveAsync(Guid initiativeId, Guid personId, CancellationToken cancellationToken = default)
    {
        var removed = await db.InitiativeMembers.Where(m => m.InitiativeId == initiativeId && m.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? new Problem("That person is not in this team.", Kind: ProblemKind.NotFound) : Outcome<bool>.Ok(true);
    }
}
