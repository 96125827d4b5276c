using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

public sealed record CreateInitiativeCommand(string TemplateKey, string Title, string? Aim, string? LearningQuestion, DateOnly StartDate, DateOnly? EndDate);

/// <summary>
/// Starts an initiative from a nature-of-work template. The template's requirements are copied, so editing them for
/// this initiative later never changes the template or other initiatives.
/// </summary>
public sealed class CreateInitiative(AppDbContext db)
{
    public async Task<Outcome<Guid>> HandleAsync(CreateInitiativeCommand command, CancellationToken cancellationToken = default)
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

        var template = await db.InitiativeTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == command.TemplateKey, cancellationToken);
        if (template is null)
        {
            problems.Add(new Problem($"There is no template '{command.TemplateKey}'.", nameof(command.TemplateKey)));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var initiative = template!.NewInitiative(command.Title.Trim(), command.StartDate, command.EndDate);
        initiative.Aim = command.Aim?.Trim() ?? "";
        initiative.LearningQuestion = command.LearningQuestion?.Trim() ?? "";
        initiative.Status = InitiativeStatus.Proposed;
        db.Initiatives.Add(initiative);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Ok(initiative.Id);
    }
}
