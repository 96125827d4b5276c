using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

public sealed record RatingView(
    Guid Id, long Version, Guid CompetencyId, string FrameworkKey, int FrameworkVersion, string Code, string CompetencyName, AssessmentKind Kind, AssessmentStatus Status,
    int Level, string LevelName, string? EvidenceNote, IReadOnlyList<string> EvidenceLinks, DateOnly AssessedOn, DateOnly? ValidUntil, bool Expired,
    string? RatedByName, string? ReviewedByName, string? ReturnReason, bool CanWithdraw = false);

public sealed record CompetencyLevelView(string FrameworkKey, string Code, string Name, CurrentLevel Level, string LevelName);

public sealed record PersonSkills(Guid PersonId, string Name, IReadOnlyList<CompetencyLevelView> Current, IReadOnlyList<RatingView> Ratings);

/// <summary>
/// A person's skills: current levels by the current-level rules, and every rating with its status (expired ones
/// marked). Drafts are private: only their author sees them.
/// </summary>
public sealed class GetPersonSkills(AppDbContext db, TimeProvider clock)
{
    public async Task<PersonSkills?> HandleAsync(Guid personId, Actor viewer, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.GivenName, p.FamilyName }).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return null;
        }

        var today = SkillFacts.Today(clock);
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.PersonId == personId && (a.Status != AssessmentStatus.Draft || a.RatedByUserId == viewer.UserId))
            .Select(a => new { a, a.Competency!.Code, a.Competency.Name, a.Competency.Framework!.Key, a.Competency.Framework.VersionNumber, a.Competency.Framework.Levels })
            .ToListAsync(cancellationToken);
        var ratings = rows
            .OrderByDescending(r => r.a.AssessedOn).ThenByDescending(r => r.a.CreatedAt)
            .Select(r => new RatingView(r.a.Id, r.a.Version, r.a.CompetencyId, r.Key, r.VersionNumber, r.Code, r.Name, r.a.Kind, r.a.Status, r.a.Level,
                r.Levels.FirstOrDefault(l => l.Number == r.a.Level)?.Name ?? "", r.a.EvidenceNote, r.a.EvidenceLinks, r.a.AssessedOn, r.a.ValidUntil,
                r.a.IsExpiredOn(today), r.a.RatedByName, r.a.ReviewedByName, r.a.ReturnReason,
                CanWithdraw: r.a.Status == AssessmentStatus.Submitted && r.a.RatedByUserId == viewer.UserId))
            .ToList();
        var facts = rows.Select(r => new RatingFact(personId, r.Key, r.Code, r.a.Kind, r.a.Status, r.a.Level, r.a.AssessedOn, r.a.ValidUntil, r.a.CreatedAt));
        var levelNames = rows.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Levels);
        var latest = (await SkillFacts.LatestCompetenciesAsync(db, cancellationToken)).ToDictionary(c => (c.FrameworkKey, c.Code));
        var current = CurrentLevels.Compute(facts, today)
            .Select(x => new CompetencyLevelView(x.Key.FrameworkKey, x.Key.Code,
                latest.GetValueOrDefault((x.Key.FrameworkKey, x.Key.Code))?.Name ?? x.Key.Code, x.Value,
                levelNames[x.Key.FrameworkKey].FirstOrDefault(l => l.Number == x.Value.Level)?.Name ?? ""))
            .OrderBy(c => c.FrameworkKey, StringComparer.Ordinal).ThenBy(c => latest.GetValueOrDefault((c.FrameworkKey, c.Code))?.SortOrder ?? 0)
            .ToList();
        return new PersonSkills(personId, $"{person.GivenName} {person.FamilyName}", current, ratings);
    }
}
