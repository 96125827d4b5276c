using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

public sealed record ActionStatusCommand(Guid ActionId, long Version, FeedbackActionStatus Status);

/// <summary>Marks one's own action Done or Dropped. A linked learning goal keeps its own status: learning may go on after the action.</summary>
public sealed class UpdateActionStatus(AppDbContext db)
{
    public async Task<Outcome<bool>> HandleAsync(ActionStatusCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        if (command.Status is not (FeedbackActionStatus.Done or FeedbackActionStatus.Dropped))
        {
            return new Problem("Mark the action Done or Dropped.", "Status");
        }

        var action = await db.FeedbackActions.FirstOrDefaultAsync(a => a.Id == command.ActionId, cancellationToken);
        if (action is null)
        {
            return new Problem("That action is no longer in the plan.", Kind: ProblemKind.NotFound);
        }

        if (FeedbackRules.OwnFeedback(action.PersonId, actor) is { } notOwn)
        {
            return notOwn;
        }

        db.Entry(action).Property(a => a.Version).OriginalValue = command.Version;
        action.Status = command.Status;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("This action was changed after you opened it. Reload the page and try again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<bool>.Ok(true);
    }
}
