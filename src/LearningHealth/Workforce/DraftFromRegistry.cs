using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Workforce;

/// <summary>Current FTE in one discipline group and role title, from engagements current today.</summary>
public sealed record RegistryRole(DisciplineGroup Group, string RoleTitle, int People, double Fte);

public sealed record RegistryDraft(WorkforceScenario Scenario, IReadOnlyList<RegistryRole> ByRoleTitle);

/// <summary>
/// A starting scenario from the team registry: one role per discipline group with people in it or initiatives
/// needing it. Supply is the FTE of engagements current today; known endings are the FTE of engagements whose end
/// date falls in each projected year (contractors, secondees); demand is what open initiatives' role requirements
/// ask of the group in each year they run (FTE × the share of the year they cover). Rates, routes and recruitment
/// are not in the registry and start at zero for the planner to enter.
/// </summary>
public sealed class DraftFromRegistry(AppDbContext db, TimeProvider clock)
{
    /// <param name="byRoleTitle">
    /// One role per discipline group and role title instead of per group. Initiatives state their needs by group,
    /// so title roles start with no demand for the planner to enter.
    /// </param>
    public async Task<RegistryDraft> HandleAsync(int horizonYears = 10, bool byRoleTitle = false, CancellationToken cancellationToken = default)
    {
        horizonYears = Math.Clamp(horizonYears, 1, ScenarioFile.MaxHorizonYears);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var startYear = today.Year;
        var lastYear = startYear + horizonYears - 1;
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .Select(e => new { e.PersonId, e.Person!.Discipline, e.RoleTitle, e.Fte, e.EndDate })
            .ToListAsync(cancellationToken);
        var initiatives = (await db.Initiatives.AsNoTracking().ToListAsync(cancellationToken)).Where(i => i.IsOpen).ToList();

        var roles = new List<RoleScenario>();
        foreach (var group in Enum.GetValues<DisciplineGroup>())
        {
            var inGroup = engagements.Where(e => e.Discipline == group).ToList();
            var demand = new List<InitiativeDemand>();
            foreach (var initiative in initiatives)
            {
                var fte = initiative.Roles.Where(r => r.Group == group).Sum(r => (double)r.Fte);
                if (fte <= 0)
                {
                    continue;
                }

                var end = initiative.EndDate ?? new DateOnly(lastYear, 12, 31);
                for (var year = Math.Max(initiative.StartDate.Year, startYear); year <= Math.Min(end.Year, lastYear); year++)
                {
                    var share = YearShare(initiative.StartDate, end, year);
                    if (share > 0)
                    {
                        demand.Add(new InitiativeDemand { Name = initiative.Title, FromYear = year, ToYear = year, Fte = Math.Round(fte * share, 3) });
                    }
                }
            }

            if (inGroup.Count == 0 && demand.Count == 0)
            {
                continue;
            }

            var endings = inGroup
                .Where(e => e.EndDate is { } d && d.Year >= startYear && d.Year <= lastYear)
                .GroupBy(e => e.EndDate!.Value.Year)
                .OrderBy(g => g.Key)
                .Select(g => new KnownEnding { Year = g.Key, Fte = (double)g.Sum(e => e.Fte) })
                .ToList();
            roles.Add(new RoleScenario
            {
                Name = TeamLabels.Label(group),
                Supply = new SupplySource { Fte = (double)inGroup.Sum(e => e.Fte), Group = group.ToString() },
                Pipelines = [],
                Recruitment = new Recruitment { Domestic = 0, International = 0 },
                AttritionRate = 0.1,
                RetirementRate = 0,
                KnownEndings = endings,
                Demand = new Demand { Fte = 0, GrowthRate = 0, Initiatives = MergeYears(demand) },
            });
        }

        if (byRoleTitle)
        {
            roles = engagements
                .GroupBy(e => (e.Discipline, Title: string.IsNullOrWhiteSpace(e.RoleTitle) ? null : e.RoleTitle.Trim()))
                .OrderBy(g => g.Key.Discipline).ThenBy(g => g.Key.Title, StringComparer.Ordinal)
                .Select(g => new RoleScenario
                {
                    Name = g.Key.Title is null ? $"{TeamLabels.Label(g.Key.Discipline)} (no title)" : $"{g.Key.Title} ({TeamLabels.Label(g.Key.Discipline)})",
                    Supply = new SupplySource { Fte = (double)g.Sum(e => e.Fte), Group = g.Key.Discipline.ToString(), RoleTitle = g.Key.Title },
                    Pipelines = [],
                    Recruitment = new Recruitment { Domestic = 0, International = 0 },
                    AttritionRate = 0.1,
                    RetirementRate = 0,
                    KnownEndings = g
                        .Where(e => e.EndDate is { } d && d.Year >= startYear && d.Year <= lastYear)
                        .GroupBy(e => e.EndDate!.Value.Year)
                        .OrderBy(y => y.Key)
                        .Select(y => new KnownEnding { Year = y.Key, Fte = (double)y.Sum(e => e.Fte) })
                        .ToList(),
                    Demand = new Demand { Fte = 0, GrowthRate = 0 },
                })
                .ToList();
        }

        var byTitle = engagements
            .GroupBy(e => (e.Discipline, Title: string.IsNullOrWhiteSpace(e.RoleTitle) ? "(no title)" : e.RoleTitle.Trim()))
            .Select(g => new RegistryRole(g.Key.Discipline, g.Key.Title, g.Select(e => e.PersonId).Distinct().Count(), (double)g.Sum(e => e.Fte)))
            .OrderBy(r => r.Group).ThenBy(r => r.RoleTitle, StringComparer.Ordinal)
            .ToList();
        var scenario = new WorkforceScenario
        {
            Name = $"Team registry {today:yyyy-MM-dd}",
            StartYear = startYear,
            HorizonYears = horizonYears,
            Roles = roles,
        };
        return new RegistryDraft(scenario, byTitle);
    }

    /// <summary>The share of a calendar year that the period from start to end (inclusive) covers.</summary>
    internal static double YearShare(DateOnly start, DateOnly end, int year)
    {
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var from = start > first ? start : first;
        var to = end < last ? end : last;
        return to < from ? 0 : (to.DayNumber - from.DayNumber + 1) / (double)(last.DayNumber - first.DayNumber + 1);
    }

    private static List<InitiativeDemand> MergeYears(List<InitiativeDemand> demand) => demand
        .GroupBy(d => d.FromYear)
        .OrderBy(g => g.Key)
        .Select(g => new InitiativeDemand
        {
            Name = string.Join("; ", g.Select(d => d.Name).Distinct()),
            FromYear = g.Key,
            ToYear = g.Key,
            Fte = Math.Round(g.Sum(d => d.Fte ?? 0), 3),
        })
        .ToList();
}
