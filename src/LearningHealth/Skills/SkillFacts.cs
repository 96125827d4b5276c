using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>A competency of the latest version of its framework.</summary>
public sealed record CompetencyRef(Guid Id, string FrameworkKey, string FrameworkName, string Code, string Name, Guid? ParentId, int SortOrder, int ScaleTop);

/// <summary>Queries the skills use cases share: the latest competencies, and ratings reduced to facts.</summary>
internal static class SkillFacts
{
    public static async Task<List<CompetencyRef>> LatestCompetenciesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var frameworks = await db.Frameworks.AsNoTracking().Select(f => new { f.Id, f.Key, f.Name, f.VersionNumber, f.Levels }).ToListAsync(cancellationToken);
        var latest = frameworks.GroupBy(f => f.Key).Select(g => g.MaxBy(f => f.VersionNumber)!).ToDictionary(f => f.Id);
        var ids = latest.Keys.ToList();
        var competencies = await db.Competencies.AsNoTracking().Where(c => ids.Contains(c.FrameworkId))
            .Select(c => new { c.Id, c.FrameworkId, c.Code, c.Name, c.ParentId, c.SortOrder }).ToListAsync(cancellationToken);
        return competencies
            .Select(c => new CompetencyRef(c.Id, latest[c.FrameworkId].Key, latest[c.FrameworkId].Name, c.Code, c.Name, c.ParentId, c.SortOrder, latest[c.FrameworkId].Levels.Count))
            .OrderBy(c => c.FrameworkKey, StringComparer.Ordinal).ThenBy(c => c.SortOrder)
            .ToList();
    }

    /// <summary>Every competency id (of any version) with its framework key and code, so ratings of older versions still count.</summary>
    public static async Task<Dictionary<Guid, (string Key, string Code)>> AllCompetencyCodesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        (await db.Competencies.AsNoTracking().Select(c => new { c.Id, c.Framework!.Key, c.Code }).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id, c => (c.Key, c.Code));

    /// <summary>
    /// Ratings that can count today (submitted or confirmed, not expired), for some people or (with null) everyone.
    /// </summary>
    public static async Task<List<RatingFact>> CountingRatingsAsync(
        AppDbContext db, IReadOnlyCollection<Guid>? personIds, DateOnly today, CancellationToken cancellationToken)
    {
        var codes = await AllCompetencyCodesAsync(db, cancellationToken);
        var query = db.Assessments.AsNoTracking()
            .Where(a => (a.Status == AssessmentStatus.Submitted || a.Status == AssessmentStatus.Confirmed) && (a.ValidUntil == null || a.ValidUntil >= today));
        if (personIds is not null)
        {
            query = query.Where(a => personIds.Contains(a.PersonId));
        }

        var rows = await query.Select(a => new { a.PersonId, a.CompetencyId, a.Kind, a.Status, a.Level, a.AssessedOn, a.ValidUntil, a.CreatedAt }).ToListAsync(cancellationToken);
        var facts = new List<RatingFact>(rows.Count);
        foreach (var a in rows)
        {
            var (key, code) = codes[a.CompetencyId];
            facts.Add(new RatingFact(a.PersonId, key, code, a.Kind, a.Status, a.Level, a.AssessedOn, a.ValidUntil, a.CreatedAt));
        }

        return facts;
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
