using LearningHealth.Persistence;
using LearningHealth.Workforce;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>
/// Workforce supply of a skill from the skills record: the FTE of people currently engaged in the LHS whose confirmed,
/// unexpired level of the competency is at least the one asked for. Unconfirmed self-ratings do not count as supply.
/// For a competency the record does not know, it answers nothing and the scenario's entered figure is used.
/// </summary>
public sealed class ConfirmedCompetencySupply(AppDbContext db, TimeProvider clock) : ICompetencySupplySource
{
    private Dictionary<(string Framework, string Code), List<(int Level, decimal Fte)>>? holders;

    public double? FteHolding(string framework, string code, int minimumLevel)
    {
        // The workforce model asks synchronously, role by role; the record is read once per request, on first use.
        holders ??= LoadAsync().GetAwaiter().GetResult();
        return holders.TryGetValue((framework, code), out var list)
            ? (double)list.Where(h => h.Level >= minimumLevel).Sum(h => h.Fte)
            : null;
    }

    private async Task<Dictionary<(string, string), List<(int Level, decimal Fte)>>> LoadAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var fte = await db.Engagements.AsNoTracking()
            .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .GroupBy(e => e.PersonId)
            .Select(g => new { PersonId = g.Key, Fte = g.Sum(e => e.Fte) })
            .ToDictionaryAsync(x => x.PersonId, x => x.Fte);
        var result = (await SkillFacts.LatestCompetenciesAsync(db, CancellationToken.None))
            .Select(c => (c.FrameworkKey, c.Code)).Distinct()
            .ToDictionary(c => c, _ => new List<(int Level, decimal Fte)>());
        var levels = await SkillFacts.CurrentLevelsAsync(db, null, today, CancellationToken.None);
        foreach (var (personId, key, code, level) in levels.All())
        {
            if (level.Confirmed && fte.TryGetValue(personId, out var personFte) && result.TryGetValue((key, code), out var list))
            {
                list.Add((level.Level, personFte));
            }
        }

        return result;
    }
}
