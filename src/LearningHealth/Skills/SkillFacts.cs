using System.Runtime.InteropServices;
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
    /// Current levels for some people (or, with null, everyone) by the rules in <see cref="CurrentLevels"/>, built for
    /// speed on large organisations: the database filters out what cannot count and sorts the rest oldest first, so the
    /// latest rating simply overwrites earlier ones, and competencies are looked up by a small integer slot.
    /// </summary>
    public static async Task<LevelTable> CurrentLevelsAsync(AppDbContext db, IReadOnlyCollection<Guid>? personIds, DateOnly today, CancellationToken cancellationToken)
    {
        var codes = await AllCompetencyCodesAsync(db, cancellationToken);
        var slots = new Dictionary<(string Key, string Code), int>();
        var slotOf = new Dictionary<Guid, int>(codes.Count);
        foreach (var (id, code) in codes)
        {
            if (!slots.TryGetValue(code, out var slot))
            {
                slot = slots.Count;
                slots[code] = slot;
            }

            slotOf[id] = slot;
        }

        var query = db.Assessments.AsNoTracking()
            .Where(a => (a.Status == AssessmentStatus.Submitted || a.Status == AssessmentStatus.Confirmed) && (a.ValidUntil == null || a.ValidUntil >= today));
        if (personIds is not null)
        {
            query = query.Where(a => personIds.Contains(a.PersonId));
        }

        var rows = query.OrderBy(a => a.AssessedOn).ThenBy(a => a.CreatedAt)
            .Select(a => new { a.PersonId, a.CompetencyId, a.Level, Confirmed = a.Status == AssessmentStatus.Confirmed, Self = a.Kind == AssessmentKind.Self })
            .AsAsyncEnumerable();
        // Only the level and whether it is confirmed are read: the dates did their work in the WHERE and ORDER BY.
        var levels = new Dictionary<(Guid, int), LevelValue>();
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(levels, (r.PersonId, slotOf[r.CompetencyId]), out _);
            if (r.Confirmed)
            {
                entry = new LevelValue(r.Level, true);
            }
            else if (r.Self && !entry.Confirmed)
            {
                entry = new LevelValue(r.Level, false);
            }
        }

        return new LevelTable(slots, levels);
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}

/// <summary>Current levels by person and competency slot (one slot per framework key and code, across versions).</summary>
internal sealed class LevelTable(Dictionary<(string Key, string Code), int> slots, Dictionary<(Guid, int), LevelValue> levels)
{
    public int Slot(string key, string code) => slots.TryGetValue((key, code), out var slot) ? slot : -1;

    public LevelValue? Get(Guid personId, int slot) => slot >= 0 && levels.TryGetValue((personId, slot), out var level) ? level : null;

    public LevelValue? Get(Guid personId, string key, string code) => Get(personId, Slot(key, code));

    /// <summary>Every current level, with its framework key and code.</summary>
    public IEnumerable<(Guid PersonId, string Key, string Code, LevelValue Level)> All()
    {
        var bySlot = slots.ToDictionary(s => s.Value, s => s.Key);
        return levels.Select(l => (l.Key.Item1, bySlot[l.Key.Item2].Key, bySlot[l.Key.Item2].Code, l.Value));
    }
}

/// <summary>A current level without its dates, for bulk views.</summary>
internal readonly record struct LevelValue(int Level, bool Confirmed);
