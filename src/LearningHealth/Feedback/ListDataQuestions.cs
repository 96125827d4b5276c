using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;
using LearningHealth.Indicators;

namespace LearningHealth.Feedback;

/// <summary>Filters for the queue: a status, an indicator, or one person's questions (all optional).</summary>
public sealed record DataQuestionFilter(DataQuestionStatus? Status = null, string? IndicatorId = null, Guid? PersonId = null);

public sealed record DataQuestionView(
    Guid Id, long Version, Guid PersonId, string PersonName, string IndicatorId, string IndicatorTitle, DateOnly? PeriodStart, string Question,
    string RaisedByName, DateTime RaisedAt, DataQuestionStatus Status, string? Answer, string? AnsweredByName, DateTime? AnsweredAt)
{
    public bool IsOpen => Status == DataQuestionStatus.Open;
}

/// <summary>
/// The Analysts' queue of data questions: open ones first, oldest first, so nothing waits longest unseen; answered
/// ones after, most recently answered first.
/// </summary>
public sealed class ListDataQuestions(AppDbContext db, IndicatorCatalog catalog)
{
    public async Task<IReadOnlyList<DataQuestionView>> HandleAsync(DataQuestionFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new DataQuestionFilter();
        var query = db.DataQuestions.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(q => q.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.IndicatorId))
        {
            query = query.Where(q => q.IndicatorId == filter.IndicatorId);
        }

        if (filter.PersonId is { } personId)
        {
            query = query.Where(q => q.PersonId == personId);
        }

        var rows = await query
            .Select(q => new { q, Name = db.People.Where(p => p.Id == q.PersonId).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        // Sorted in memory: open and answered questions sort by different times, and the queue is small.
        var titleOf = catalog.Titles();
        return rows
            .OrderBy(r => r.q.Status == DataQuestionStatus.Open ? 0 : 1)
            .ThenBy(r => r.q.Status == DataQuestionStatus.Open ? r.q.RaisedAt.Ticks : -(r.q.AnsweredAt ?? r.q.RaisedAt).Ticks)
            .ThenBy(r => r.q.Id)
            .Select(r => new DataQuestionView(r.q.Id, r.q.Version, r.q.PersonId, r.Name ?? "(no longer in the directory)", r.q.IndicatorId,
                titleOf(r.q.IndicatorId), r.q.PeriodStart, r.q.Question, r.q.RaisedByName, r.q.RaisedAt, r.q.Status, r.q.Answer,
                r.q.AnsweredByName, r.q.AnsweredAt))
            .ToList();
    }
}
