using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

public sealed record UpdateInitiativeCommand(
    Guid Id,
    long Version,
    string Title,
    string? Aim,
    string? LearningQuestion,
    InitiativeStatus Status,
    DateOnly StartDate,
    DateOnly? EndDate,
    IReadOnlyList<RoleRequirement> Roles,
    IReadOnlyList<GovernanceItem> Governance);

/// <summary>
/// Saves a Lead's edit of an initiative: its description, status, dates, the roles it needs and the state of its
/// governance. Refused if someone else saved the initiative since the Lead opened it.
/// </summary>
public sealed class UpdateInitiative(AppDbContext db)
{
    public async Task<Outcome<long>> HandleAsync(UpdateInitiativeCommand command, CancellationToken cancellationToken = default)
    {
        var problems = Validate(command);
        if (problems.Count > 0)
        {
            return Outcome<long>.Fail(problems);
        }

        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == command.Id, cancellationToken);
        if (initiative is null)
        {
            return new Problem("That initiative no longer exists.", Kind: ProblemKind.NotFound);
        }

        // The version the Lead saw becomes the one the database must still hold for the save to go through.
        db.Entry(initiative).Property(i => i.Version).OriginalValue = command.Version;
        initiative.Title = command.Title.Trim();
        initiative.Aim = command.Aim?.Trim() ?? "";
        initiative.LearningQuestion = command.LearningQuestion?.Trim() ?? "";
        initiative.Status = command.Status;
        initiative.StartDate = command.StartDate;
        initiative.EndDate = command.EndDate;
        initiative.Roles = command.Roles.Where(r => r.Count > 0 || r.Fte > 0 || r.LeadRequired).ToList();
        initiative.Governance = command.Governance.Where(g => !string.IsNullOrWhiteSpace(g.Name)).ToList();
        db.Entry(initiative).State = EntityState.Modified;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else saved this initiative after you opened it. Reload the page to see their changes, then make yours again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<long>.Ok(initiative.Version);
    }

    private static List<Problem> Validate(UpdateInitiativeCommand command)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(command.Title))
        {
            problems.Add(new Problem("Give the initiative a title.", nameof(command.Title)));
        }

        if (command.EndDate is { } end && end < command.StartDate)
        {
            problems.Add(new Problem("The end date is before the start date.", nameof(command.EndDate)));
        }

        for (var i = 0; i < command.Roles.Count; i++)
        {
            var role = command.Roles[i];
            if (role.Count is < 0 or > 100 || role.Fte is < 0 or > 100)
            {
                problems.Add(new Problem($"Role {i + 1}: the count and FTE must be between 0 and 100.", $"Roles[{i}]"));
            }
        }

        return problems;
    }
}
