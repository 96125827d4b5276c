using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>An acknowledgement ("I have seen this") or a comment on one's own feedback on an indicator, for a period or the indicator as a whole.</summary>
public sealed record RespondCommand(Guid PersonId, string IndicatorId, DateOnly? PeriodStart, FeedbackResponseKind Kind, string? Text);

/// <summary>
/// Records a clinician's response to their feedback. Acknowledging is part of the feedback cycle (CP-FIT: interaction
/// and acceptance), so it is kept, with the time, beside the indicator; a comment needs text, an acknowledgement may
/// carry a note.
/// </summary>
public sealed class RespondToFeedback(AppDbContext db, TimeProvider clock, IndicatorCatalog catalog)
{
    public async Task<Outcome<Guid>> HandleAsync(RespondCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        if (FeedbackRules.OwnFeedback(command.PersonId, actor) is { } notOwn)
        {
            return notOwn;
        }

        if (FeedbackRules.UnknownIndicator(catalog, command.IndicatorId) is { } unknown)
        {
            problems.Add(unknown);
        }

        if (command.Kind == FeedbackResponseKind.Comment)
        {
            if (FeedbackRules.Text(command.Text, "Text", "Write the comment.") is { } text)
            {
                problems.Add(text);
            }
        }
        else if (command.Text is { Length: > FeedbackRules.MaxText })
        {
            problems.Add(new Problem($"Keep the note under {FeedbackRules.MaxText} characters.", "Text"));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var response = new FeedbackResponse
        {
            PersonId = command.PersonId,
            IndicatorId = command.IndicatorId,
            PeriodStart = command.PeriodStart is { } p ? FeedbackRules.MonthOf(p) : null,
            Kind = command.Kind,
            Text = command.Text?.Trim() ?? "",
            AuthorUserId = actor.UserId,
            AuthorName = actor.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.FeedbackResponses.Add(response);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Ok(response.Id);
    }
}
