using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>A question about the data behind one's own feedback: one period, or (no period) the indicator as a whole.</summary>
public sealed record QuestionCommand(Guid PersonId, string IndicatorId, DateOnly? PeriodStart, string? Question);

/// <summary>
/// "Question the data": feedback that a clinician believes is wrong is not acted on (CP-FIT: accuracy and credible
/// source), so the doubt goes to the Analysts' queue and the answer comes back beside the indicator.
/// </summary>
public sealed class QuestionTheData(AppDbContext db, TimeProvider clock, IndicatorCatalog catalog)
{
    public async Task<Outcome<Guid>> HandleAsync(QuestionCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        if (FeedbackRules.OwnFeedback(command.PersonId, actor) is { } notOwn)
        {
            return notOwn;
        }

        var problems = new List<Problem>();
        if (FeedbackRules.UnknownIndicator(catalog, command.IndicatorId) is { } unknown)
        {
            problems.Add(unknown);
        }

        if (FeedbackRules.Text(command.Question, "Question", "Write what looks wrong in the data.") is { } text)
        {
            problems.Add(text);
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var question = new DataQuestion
        {
            PersonId = command.PersonId,
            IndicatorId = command.IndicatorId,
            PeriodStart = command.PeriodStart is { } p ? FeedbackRules.MonthOf(p) : null,
            Question = command.Question!.Trim(),
            RaisedByUserId = actor.UserId,
            RaisedByName = actor.Name,
            RaisedAt = clock.GetUtcNow().UtcDateTime,
            Status = DataQuestionStatus.Open,
        };
        db.DataQuestions.Add(question);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Ok(question.Id);
    }
}
