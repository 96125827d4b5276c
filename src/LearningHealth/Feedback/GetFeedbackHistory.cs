using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

public sealed record ResponseView(Guid Id, FeedbackResponseKind Kind, DateOnly? PeriodStart, string Text, string AuthorName, DateTime CreatedAt);

public sealed record ActionView(
    Guid Id, long Version, string Action, string Owner, DateOnly StartDate, DateOnly DueDate, FeedbackActionStatus Status,
    Guid? LearningGoalId, string? CompetencyCode, string? CompetencyName, ActionEffectResult Effect);

/// <summary>What a person has done about their feedback on one indicator: responses, questions with answers, actions with their effect.</summary>
public sealed record FeedbackHistory(
    Guid PersonId, IndicatorDefinition Indicator, IReadOnlyList<DateOnly> Periods, IReadOnlyList<ResponseView> Responses,
    IReadOnlyList<DataQuestionView> Questions, IReadOnlyList<ActionView> Actions);

/// <summary>
/// The history behind the respond page. <see cref="FeedbackHistory.Periods"/> are the person's own periods of the
/// indicator (newest first), the ones they may question; each action carries its change test.
/// </summary>
public sealed class GetFeedbackHistory(AppDbContext db, ListDataQuestions questions, ActionEffect effect, PractitionerLinks links, DatabaseOptions database, IndicatorCatalog catalog)
{
    public async Task<FeedbackHistory?> HandleAsync(Guid personId, string indicatorId, CancellationToken cancellationToken = default)
    {
        var indicator = catalog.Find(indicatorId);
        if (indicator is null)
        {
            return null;
        }

        var key = await links.ForPersonAsync(personId, cancellationToken);
        var periods = key is null ? []
            : ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(database.DataDirectory), indicatorId, "clinician", key)
                .Select(r => r.PeriodStart).Distinct().OrderDescending().ToList();
        var series = await effect.SeriesAsync(personId, indicatorId, cancellationToken);

        var responses = (await db.FeedbackResponses.AsNoTracking().Where(r => r.PersonId == personId && r.IndicatorId == indicatorId).ToListAsync(cancellationToken))
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new ResponseView(r.Id, r.Kind, r.PeriodStart, r.Text, r.AuthorName, r.CreatedAt))
            .ToList();
        var asked = await questions.HandleAsync(new DataQuestionFilter(IndicatorId: indicatorId, PersonId: personId), cancellationToken);
        var actions = await db.FeedbackActions.AsNoTracking().Where(a => a.PersonId == personId && a.IndicatorId == indicatorId).ToListAsync(cancellationToken);
        var competencyIds = actions.Where(a => a.CompetencyId is not null).Select(a => a.CompetencyId!.Value).Distinct().ToList();
        var competencies = await db.Competencies.AsNoTracking().Where(c => competencyIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Code, c.Name }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var actionViews = actions
            .OrderBy(a => a.Status != FeedbackActionStatus.Planned).ThenByDescending(a => a.StartDate).ThenByDescending(a => a.CreatedAt)
            .Select(a =>
            {
                var competency = a.CompetencyId is { } c ? competencies.GetValueOrDefault(c) : null;
                return new ActionView(a.Id, a.Version, a.Action, a.Owner, a.StartDate, a.DueDate, a.Status, a.LearningGoalId, competency?.Code, competency?.Name,
                    ActionEffect.Test(series, a.StartDate, indicator.Improvement));
            })
            .ToList();
        return new FeedbackHistory(personId, indicator, periods, responses, asked, actionViews);
    }
}
