using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

public enum GapKind
{
    /// <summary>No current level at all.</summary>
    Missing,
    /// <summary>A current level below what the work needs.</summary>
    Below,
    /// <summary>The level is met only by a self-rating no assessor has confirmed yet.</summary>
    Unconfirmed,
}

/// <summary>What a person's initiatives need of one competency, against their current level.</summary>
public sealed record SkillGap(
    string FrameworkKey, string Code, string Name, Guid? CompetencyId, int Required, int? Current, bool Confirmed, GapKind Kind, IReadOnlyList<string> Initiatives);

public sealed record PersonGaps(Guid PersonId, string Name, IReadOnlyList<SkillGap> Gaps);

/// <summary>
/// Gap analysis for people: what the open initiatives they belong to require (each initiative's competency
/// requirements, at the highest minimum level any of them asks) against their current levels.
/// </summary>
public sealed class AnalyseGaps(AppDbContext db, TimeProvider clock)
{
    public async Task<PersonGaps?> ForPersonAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var result = await AnalyseAsync([personId], cancellationToken);
        return result.FirstOrDefault();
    }

    /// <summary>Everyone in an open initiative, with their gaps (people without gaps included, with none).</summary>
    public Task<IReadOnlyList<PersonGaps>> ForOrganisationAsync(CancellationToken cancellationToken = default) => AnalyseAsync(null, cancellationToken);

    private async Task<IReadOnlyList<PersonGaps>> AnalyseAsync(IReadOnlyCollection<Guid>? personIds, CancellationToken cancellationToken)
    {
        var today = SkillFacts.Today(clock);
        var open = new[] { InitiativeStatus.Proposed, InitiativeStatus.Active, InitiativeStatus.Paused };
        var initiatives = await db.Initiatives.AsNoTracking().Where(i => open.Contains(i.Status))
            .Select(i => new { i.Id, i.Title, i.Competencies }).ToListAsync(cancellationToken);
        var initiativeIds = initiatives.Select(i => i.Id).ToList();
        var membersQuery = db.InitiativeMembers.AsNoTracking().Where(m => initiativeIds.Contains(m.InitiativeId));
        if (personIds is not null)
        {
            membersQuery = membersQuery.Where(m => personIds.Contains(m.PersonId));
        }

        var members = await membersQuery.Select(m => new { m.PersonId, m.InitiativeId }).ToListAsync(cancellationToken);
        var people = personIds is null
            ? await db.People.AsNoTracking().Where(p => members.Select(m => m.PersonId).Contains(p.Id)).Select(p => new { p.Id, p.GivenName, p.FamilyName }).ToListAsync(cancellationToken)
            : await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).Select(p => new { p.Id, p.GivenName, p.FamilyName }).ToListAsync(cancellationToken);
        var levels = await SkillFacts.CurrentLevelsAsync(db, personIds, today, cancellationToken);
        var competencies = (await SkillFacts.LatestCompetenciesAsync(db, cancellationToken)).ToDictionary(c => (c.FrameworkKey, c.Code));
        var byInitiative = initiatives.ToDictionary(i => i.Id);
        var membership = members.ToLookup(m => m.PersonId, m => byInitiative[m.InitiativeId]);

        var result = new List<PersonGaps>(people.Count);
        foreach (var person in people.OrderBy(p => p.FamilyName, StringComparer.CurrentCulture).ThenBy(p => p.GivenName, StringComparer.CurrentCulture))
        {
            var needs = membership[person.Id]
                .SelectMany(i => i.Competencies.Select(c => (Requirement: c, i.Title)))
                .GroupBy(x => (x.Requirement.Framework, x.Requirement.Code));
            var gaps = new List<SkillGap>();
            foreach (var need in needs)
            {
                var required = need.Max(x => x.Requirement.MinimumLevel);
                var current = levels.Get(person.Id, need.Key.Framework, need.Key.Code);
                GapKind? kind = current is null ? GapKind.Missing
                    : current.Value.Level < required ? GapKind.Below
                    : !current.Value.Confirmed ? GapKind.Unconfirmed
                    : null;
                if (kind is { } k)
                {
                    var competency = competencies.GetValueOrDefault(need.Key);
                    gaps.Add(new SkillGap(need.Key.Framework, need.Key.Code, competency?.Name ?? need.First().Requirement.Name, competency?.Id,
                        required, current?.Level, current?.Confirmed ?? false, k,
                        need.Select(x => x.Title).Distinct().Order(StringComparer.CurrentCulture).ToList()));
                }
            }

            result.Add(new PersonGaps(person.Id, $"{person.GivenName} {person.FamilyName}",
                gaps.OrderBy(g => g.Kind == GapKind.Unconfirmed).ThenBy(g => g.FrameworkKey, StringComparer.Ordinal).ThenBy(g => g.Code, StringComparer.Ordinal).ToList()));
        }

        return result;
    }
}
