using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using Microsoft.EntityFrameworkCore;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>An Analyst's answer: the data were wrong (Corrected) or were checked and are right (Confirmed).</summary>
public sealed record AnswerCommand(Guid QuestionId, long Version, DataQuestionStatus Status, string? Answer);

/// <summary>
/// Answers a data question and tells the person who raised it, with a link back to the indicator. The question's
/// version guards against two Analysts answering from the same copy: the second gets a conflict, not an overwrite.
/// </summary>
public sealed class AnswerDataQuestion(AppDbContext db, AuditLog audit, TimeProvider clock, IndicatorCatalog catalog)
{
    public async Task<Outcome<bool>> HandleAsync(AnswerCommand command, Actor analyst, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        if (command.Status is not (DataQuestionStatus.Corrected or DataQuestionStatus.Confirmed))
        {
            problems.Add(new Problem("Choose Corrected (the data were wrong) or Confirmed (the data are right).", "Status"));
        }

        if (FeedbackRules.Text(command.Answer, "Answer", "Write the answer the clinician will read.") is { } text)
        {
            problems.Add(text);
        }

        if (problems.Count > 0)
        {
            return Outcome<bool>.Fail(problems);
        }

        var question = await db.DataQuestions.FirstOrDefaultAsync(q => q.Id == command.QuestionId, cancellationToken);
        if (question is null)
        {
            return new Problem("That question is no longer in the queue.", Kind: ProblemKind.NotFound);
        }

        db.Entry(question).Property(q => q.Version).OriginalValue = command.Version;
        var now = clock.GetUtcNow().UtcDateTime;
        question.Status = command.Status;
        question.Answer = command.Answer!.Trim();
        question.AnsweredByName = analyst.Name;
        question.AnsweredAt = now;
        var title = catalog.TitleOf(question.IndicatorId);
        var period = question.PeriodStart is { } p ? $" for {p:MMMM yyyy}" : "";
        // Saved with the answer, so the person is never left without the news or told of an answer that was not kept.
        db.Notifications.Add(new Notification
        {
            UserId = question.RaisedByUserId,
            Kind = NotificationKind.DataQuestionResolved,
            Title = $"Your question about {title} was answered",
            Body = Clip($"{(command.Status == DataQuestionStatus.Corrected ? "Corrected" : "Confirmed")}{period}: {question.Answer}", 4000),
            Link = $"/learning-cycle/practice/{question.IndicatorId}",
            CreatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else answered or changed this question after you opened it. Reload the queue and check their answer.", Kind: ProblemKind.Conflict);
        }

        await audit.RecordAsync("data-question.answered", analyst.UserId, analyst.Name, $"data-question:{question.Id}",
            $"{question.IndicatorId}{period}: {command.Status}", cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
