using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>
/// How many people hold a competency at or above a level, split by discipline group and by engagement type, and the
/// share held by people who are not employed or seconded (contractors, consultants, platform-provider staff, volunteers).
/// </summary>
public sealed record CoverageRow(
    string FrameworkKey, string Code, string Name, int Holders, IReadOnlyDictionary<DisciplineGroup, int> ByDiscipline,
    IReadOnlyDictionary<EngagementType, int> ByEngagement, int HeldOutside)
{
    public double OutsideShare => Holders == 0 ? 0 : (double)HeldOutside / Holders;
}

public sealed record SkillsCoverage(int MinimumLevel, IReadOnlyList<CoverageRow> Rows);

public sealed record ExpiringRating(Guid AssessmentId, Guid PersonId, string PersonName, string FrameworkKey, string Code, string CompetencyName, int Level, DateOnly ValidUntil);

/// <summary>Organisation-wide views: skill coverage by group and engagement, and confirmed ratings about to expire.</summary>
public sealed class GetSkillsCoverage(AppDbContext db, TimeProvider clock)
{
    public async Task<SkillsCoverage> HandleAsync(int minimumLevel = 3, string? frameworkKey = null, CancellationToken cancellationToken = default)
    {
        var today = SkillFacts.Today(clock);
        var levels = await SkillFacts.CurrentLevelsAsync(db, null, today, cancellationToken);
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .Select(e => new { e.PersonId, e.Type, e.Fte, e.Person!.Discipline }).ToListAsync(cancellationToken);
        // A person with several current engagements counts under the one giving most time.
        var main = engagements.GroupBy(e => e.PersonId).ToDictionary(g => g.Key, g => g.MaxBy(e => e.Fte)!);
        var competencies = (await SkillFacts.LatestCompetenciesAsync(db, cancellationToken))
            .Where(c => c.ScaleTop > 0 && (frameworkKey == null || c.FrameworkKey == frameworkKey)).ToList();
        var held = levels.All().Where(l => l.Level.Level >= minimumLevel && main.ContainsKey(l.PersonId))
            .ToLookup(l => (l.Key, l.Code), l => main[l.PersonId]);

        var rows = competencies.Select(c =>
        {
            var holders = held[(c.FrameworkKey, c.Code)].ToList();
            return new CoverageRow(c.FrameworkKey, c.Code, c.Name, holders.Count,
                holders.GroupBy(h => h.Discipline).ToDictionary(g => g.Key, g => g.Count()),
                holders.GroupBy(h => h.Type).ToDictionary(g => g.Key, g => g.Count()),
                holders.Count(h => h.Type is not (EngagementType.Employed or EngagementType.Seconded)));
        }).ToList();
        return new SkillsCoverage(minimumLevel, rows);
    }

    /// <summary>Confirmed ratings that still count today but expire within the given number of days.</summary>
    public async Task<IReadOnlyList<ExpiringRating>> ExpiringAsync(int days, Guid? personId = null, CancellationToken cancellationToken = default)
    {
        var today = SkillFacts.Today(clock);
        var until = today.AddDays(days);
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.Status == AssessmentStatus.Confirmed && a.ValidUntil >= today && a.ValidUntil <= until && (personId == null || a.PersonId == personId))
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { a.Id, a.PersonId, p.GivenName, p.FamilyName, a.Competency!.Framework!.Key, a.Competency.Code, a.Competency.Name, a.Level, a.ValidUntil })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.ValidUntil).ThenBy(r => r.FamilyName, StringComparer.CurrentCulture)
            .Select(r => new ExpiringRating(r.Id, r.PersonId, $"{r.GivenName} {r.FamilyName}", r.Key, r.Code, r.Name, r.Level, r.ValidUntil!.Value))
            .ToList();
    }
}
