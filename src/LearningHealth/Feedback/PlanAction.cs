using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using Microsoft.EntityFrameworkCore;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>
/// An action plan on one's own feedback: what will be done, by whom, by when, and from when practice changes
/// (today when not given). With <see cref="GoalCompetencyId"/> the action also becomes a learning-plan goal at
/// <see cref="GoalTargetLevel"/>.
/// </summary>
public sealed record PlanActionCommand(
    Guid PersonId, string IndicatorId, string? Action, string? Owner, DateOnly? DueDate, DateOnly? StartDate,
    Guid? GoalCompetencyId = null, int? GoalTargetLevel = null);

/// <summary>
/// Plans an action from feedback (an explicit action plan is one of the features that make audit and feedback work,
/// Ivers et al. 2012). When it becomes a learning goal, the goal is made by <see cref="ManageLearningPlan"/> (the
/// plan created if missing) and the two are linked both ways; action, goal and links are written in one transaction,
/// so a goal that cannot be made leaves no action behind.
/// </summary>
public sealed class PlanAction(AppDbContext db, ManageLearningPlan plans, TimeProvider clock, IndicatorCatalog catalog)
{
    /// <summary>The column's size: an action is one specific step, not a document.</summary>
    public const int MaxAction = 2000;

    public async Task<Outcome<Guid>> HandleAsync(PlanActionCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        if (FeedbackRules.OwnFeedback(command.PersonId, actor) is { } notOwn)
        {
            return notOwn;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var start = command.StartDate ?? today;
        var problems = new List<Problem>();
        if (FeedbackRules.UnknownIndicator(catalog, command.IndicatorId) is { } unknown)
        {
            problems.Add(unknown);
        }

        if (FeedbackRules.Text(command.Action, "Action", "Say what you will do: a specific action.") is { } action)
        {
            problems.Add(action);
        }
        else if (command.Action!.Trim().Length > MaxAction)
        {
            problems.Add(new Problem($"Keep the action under {MaxAction} characters; put details in a comment.", "Action"));
        }

        if (string.IsNullOrWhiteSpace(command.Owner))
        {
            problems.Add(new Problem("Name who will do it.", "Owner"));
        }
        else if (command.Owner.Trim().Length > 200)
        {
            problems.Add(new Problem("Keep the owner's name under 200 characters.", "Owner"));
        }

        if (command.DueDate is not { } due)
        {
            problems.Add(new Problem("Choose a due date.", "DueDate"));
        }
        else if (due < today)
        {
            problems.Add(new Problem($"The due date {due:d MMM yyyy} has passed; choose today or later.", "DueDate"));
        }
        else if (start > due)
        {
            problems.Add(new Problem("The start date is after the due date; start on or before it.", "StartDate"));
        }

        if (command.GoalCompetencyId is not null && command.GoalTargetLevel is null)
        {
            problems.Add(new Problem("Choose the level the learning goal aims for.", "GoalTargetLevel"));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var entity = new FeedbackAction
        {
            PersonId = command.PersonId,
            IndicatorId = command.IndicatorId,
            Action = command.Action!.Trim(),
            Owner = command.Owner!.Trim(),
            DueDate = command.DueDate!.Value,
            StartDate = start,
            Status = FeedbackActionStatus.Planned,
            CreatedByUserId = actor.UserId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.FeedbackActions.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        if (command.GoalCompetencyId is { } competencyId)
        {
            var goal = await plans.AddGoalAsync(
                new GoalCommand(command.PersonId, competencyId, command.GoalTargetLevel!.Value, entity.DueDate, entity.Id,
                    [new LearningActivity { Kind = ActivityKind.ProjectWork, Description = entity.Action, TargetDate = entity.DueDate }]),
                cancellationToken);
            if (!goal.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                // The rolled-back rows are still tracked; forget them so nothing half-made is saved later in this scope.
                db.ChangeTracker.Clear();
                return Outcome<Guid>.Fail(goal.Problems.Select(p => p with { Field = p.Field is null ? null : "Goal" + p.Field }));
            }

            // Set only now: an unknown competency must be refused by the goal's own check, not by a foreign key.
            entity.LearningGoalId = goal.Value;
            entity.CompetencyId = competencyId;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Outcome<Guid>.Ok(entity.Id);
    }
}
