using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

public sealed record SetEvaluationCommand(
    Guid InitiativeId,
    long Version,
    string? LearningQuestion,
    EvaluationDesign Design,
    string? IndicatorId,
    DateOnly? ChangeDate);

/// <summary>
/// Research in the role: a Lead sets what an initiative evaluates: its learning question, the design (before and
/// after on an SPC chart, or the team against the other clinicians), the indicator and the date the change began.
/// Refused if someone else saved the initiative since the Lead opened it.
/// </summary>
public sealed class SetEvaluation(AppDbContext db, TimeProvider clock, IndicatorCatalog catalog)
{
    public async Task<Outcome<long>> HandleAsync(SetEvaluationCommand command, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(command.LearningQuestion))
        {
            problems.Add(new Problem("Write the learning question the evaluation answers.", nameof(command.LearningQuestion)));
        }
        else if (command.LearningQuestion.Trim().Length > 2000)
        {
            problems.Add(new Problem("The learning question must be at most 2000 characters.", nameof(command.LearningQuestion)));
        }

        if (command.Design is not (EvaluationDesign.BeforeAfterSpc or EvaluationDesign.UnitComparison))
        {
            problems.Add(new Problem("Choose a design: before and after on an SPC chart, or the team against the other clinicians.", nameof(command.Design)));
        }

        var indicator = catalog.Find(command.IndicatorId);
        if (string.IsNullOrWhiteSpace(command.IndicatorId))
        {
            problems.Add(new Problem("Choose the indicator the evaluation watches.", nameof(command.IndicatorId)));
        }
        else if (indicator is null)
        {
            problems.Add(new Problem($"There is no indicator '{command.IndicatorId}'.", nameof(command.IndicatorId)));
        }
        else if (!indicator.Attribution.Contains(AttributionLevel.Clinician))
        {
            problems.Add(new Problem($"'{indicator.Title}' has no results per clinician, so a team's share of it cannot be evaluated.", nameof(command.IndicatorId)));
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (command.ChangeDate is null)
        {
            problems.Add(new Problem("Give the date the change began.", nameof(command.ChangeDate)));
        }
        else if (command.ChangeDate > today)
        {
            problems.Add(new Problem("The change date is in the future: set it when the change has begun.", nameof(command.ChangeDate)));
        }

        if (problems.Count > 0)
        {
            return Outcome<long>.Fail(problems);
        }

        var initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == command.InitiativeId, cancellationToken);
        if (initiative is null)
        {
            return new Problem("That initiative no longer exists.", Kind: ProblemKind.NotFound);
        }

        db.Entry(initiative).Property(i => i.Version).OriginalValue = command.Version;
        initiative.LearningQuestion = command.LearningQuestion!.Trim();
        initiative.EvaluationDesign = command.Design;
        initiative.EvaluationIndicatorId = indicator!.Id;
        initiative.ChangeDate = command.ChangeDate;
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
}
