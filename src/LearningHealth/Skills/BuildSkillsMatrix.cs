using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>A competency the matrix asks about, at a minimum level, to be held by a number of people.</summary>
public sealed record MatrixRequirement(string FrameworkKey, string Code, int MinimumLevel, int HoldersNeeded);

/// <summary>
/// One competency column: how many people hold it at the required level, and whether that makes it a single point of
/// failure (exactly one holder) or short (fewer holders than needed).
/// </summary>
public sealed record MatrixColumn(
    string FrameworkKey, string Code, string Name, int Required, int HoldersNeeded, int Holders, bool SinglePointOfFailure, bool Short);

public readonly record struct MatrixCell(int? Level, bool Confirmed, bool Meets);

public sealed record MatrixRow(Guid PersonId, string Name, DisciplineGroup Discipline, IReadOnlyList<MatrixCell> Cells);

public sealed record SkillsMatrix(string Title, IReadOnlyList<MatrixColumn> Columns, IReadOnlyList<MatrixRow> Rows)
{
    public IEnumerable<MatrixColumn> SinglePointsOfFailure => Columns.Where(c => c.SinglePointOfFailure);
}

/// <summary>People × competencies with current levels: an initiative's team against its requirements, or any set of people.</summary>
public sealed class BuildSkillsMatrix(AppDbContext db, TimeProvider clock)
{
    public async Task<SkillsMatrix?> ForInitiativeAsync(Guid initiativeId, CancellationToken cancellationToken = default)
    {
        var initiative = await db.Initiatives.AsNoTracking().Where(i => i.Id == initiativeId)
            .Select(i => new { i.Title, i.Competencies, People = i.Members.Select(m => m.PersonId).ToList() }).FirstOrDefaultAsync(cancellationToken);
        if (initiative is null)
        {
            return null;
        }

        var requirements = initiative.Competencies.Select(c => new MatrixRequirement(c.Framework, c.Code, c.MinimumLevel, c.Holders)).ToList();
        return await BuildAsync(initiative.Title, initiative.People, requirements, cancellationToken);
    }

    /// <summary>The matrix for the given people (or everyone, with null) against the given requirements.</summary>
    public async Task<SkillsMatrix> BuildAsync(string title, IReadOnlyCollection<Guid>? personIds, IReadOnlyList<MatrixRequirement> requirements, CancellationToken cancellationToken = default)
    {
        var today = SkillFacts.Today(clock);
        var peopleQuery = db.People.AsNoTracking();
        if (personIds is not null)
        {
            peopleQuery = peopleQuery.Where(p => personIds.Contains(p.Id));
        }

        var people = (await peopleQuery.Select(p => new { p.Id, p.GivenName, p.FamilyName, p.Discipline }).ToListAsync(cancellationToken))
            .OrderBy(p => p.FamilyName, StringComparer.CurrentCulture).ThenBy(p => p.GivenName, StringComparer.CurrentCulture).ToList();
        var levels = await SkillFacts.CurrentLevelsAsync(db, personIds, today, cancellationToken);
        var slots = requirements.Select(r => levels.Slot(r.FrameworkKey, r.Code)).ToArray();
        var names = (await SkillFacts.LatestCompetenciesAsync(db, cancellationToken)).ToDictionary(c => (c.FrameworkKey, c.Code), c => c.Name);

        var holders = new int[requirements.Count];
        var rows = new List<MatrixRow>(people.Count);
        foreach (var person in people)
        {
            var cells = new MatrixCell[requirements.Count];
            for (var i = 0; i < requirements.Count; i++)
            {
                var r = requirements[i];
                if (levels.Get(person.Id, slots[i]) is { } level)
                {
                    var meets = level.Level >= r.MinimumLevel;
                    cells[i] = new MatrixCell(level.Level, level.Confirmed, meets);
                    if (meets)
                    {
                        holders[i]++;
                    }
                }
            }

            rows.Add(new MatrixRow(person.Id, $"{person.GivenName} {person.FamilyName}", person.Discipline, cells));
        }

        var columns = requirements.Select((r, i) => new MatrixColumn(
            r.FrameworkKey, r.Code, names.GetValueOrDefault((r.FrameworkKey, r.Code)) ?? r.Code, r.MinimumLevel, r.HoldersNeeded,
            holders[i], holders[i] == 1, holders[i] < r.HoldersNeeded)).ToList();
        return new SkillsMatrix(title, columns, rows);
    }
}
