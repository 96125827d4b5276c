using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

public sealed record GetTeamResultsQuery(Viewer Viewer, Guid InitiativeId, string IndicatorId);

/// <summary>A team's counts in one period: the sums over its clinicians, the value and its 95% Wilson interval.</summary>
public sealed record TeamPeriod(DateOnly PeriodStart, long Numerator, long Denominator, double? Value, double? CiLower, double? CiUpper, bool Charted);

/// <summary>A team's results on one indicator, its SPC chart and its position on the latest period's funnel among teams.</summary>
public sealed record TeamResults(
    FeedbackTeam Team,
    IndicatorDefinition Indicator,
    IReadOnlyList<TeamPeriod> Periods,
    XmrChartResult? Chart,
    DateOnly? LatestPeriod,
    double? FunnelTarget,
    FunnelFlag? Flag95,
    FunnelFlag? Flag998,
    int TeamsCompared);

/// <summary>
/// Results for a team (an initiative's team): for each period, the numerators and denominators of its linked
/// clinicians are summed, then given a 95% Wilson interval (<see cref="ConfidenceIntervals.Wilson"/>), an XmR chart
/// over the periods with at least the indicator's minimum denominator (<see cref="XmrChart"/>) and a place on the
/// latest period's Wilson funnel (<see cref="ProportionFunnel"/>, PHE method) among every initiative's team.
/// Summing counts, not averaging proportions, weights each clinician by their cases as the team's own rate does.
/// </summary>
public sealed class GetTeamResults(FeedbackTeams teams, PractitionerLinks links, AppDbContext db, DatabaseOptions database, IndicatorCatalog catalog)
{
    public async Task<Guarded<TeamResults>> HandleAsync(GetTeamResultsQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var indicator = catalog.Find(query.IndicatorId);
        if (indicator is null)
        {
            return Guarded<TeamResults>.NotFound($"There is no indicator '{query.IndicatorId}'.");
        }

        var access = await teams.AccessAsync(query.Viewer, query.InitiativeId, cancellationToken);
        if (!access.Allowed)
        {
            return new Guarded<TeamResults>(null, access.Refused, access.Message);
        }

        var team = access.Value!;
        var rows = ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(database.DataDirectory), indicator.Id, "clinician");
        var periods = Aggregate(rows, team.Clinicians.Select(c => c.PractitionerKey), indicator.MinimumDenominator);
        var charted = periods.Where(p => p.Charted).ToList();
        var chart = charted.Count == 0 ? null : XmrChart.Calculate([.. charted.Select(p => p.Value!.Value)],
            new XmrOptions { Improvement = indicator.Improvement, Target = indicator.Target });

        DateOnly? latest = rows.Count == 0 ? null : rows.Max(r => r.PeriodStart);
        double? target = null;
        FunnelFlag? flag95 = null, flag998 = null;
        var compared = 0;
        if (latest is { } period)
        {
            // Every initiative's team in the latest period, so the funnel compares like with like.
            var all = await links.AllAsync(cancellationToken);
            var byPerson = all.ToLookup(l => l.PersonId);
            var memberships = (await db.InitiativeMembers.AsNoTracking().Where(m => m.EndDate == null || m.EndDate >= period)
                .Select(m => new { m.InitiativeId, m.PersonId }).ToListAsync(cancellationToken))
                .GroupBy(m => m.InitiativeId);
            var units = new List<ProportionUnit>();
            foreach (var group in memberships)
            {
                var keys = group.SelectMany(m => byPerson[m.PersonId]).Select(l => l.PractitionerKey);
                var sum = Aggregate(rows.Where(r => r.PeriodStart == period).ToList(), keys, indicator.MinimumDenominator).SingleOrDefault();
                if (sum is { Charted: true })
                {
                    units.Add(new ProportionUnit(group.Key.ToString(), sum.Numerator, sum.Denominator));
                }
            }

            if (units.Any(u => u.Name == team.InitiativeId.ToString()))
            {
                var funnel = ProportionFunnel.Fit(units, ProportionFunnelMethod.Wilson);
                var own = funnel.Units.Single(u => u.Name == team.InitiativeId.ToString());
                (target, flag95, flag998, compared) = (funnel.Target, own.Flag95, own.Flag998, funnel.Units.Count);
            }
        }

        return Guarded<TeamResults>.Ok(new TeamResults(team, indicator, periods, chart, latest, target, flag95, flag998, compared));
    }

    /// <summary>Sums the clinicians' counts per period; a period is charted when the team's denominator reaches the minimum.</summary>
    public static IReadOnlyList<TeamPeriod> Aggregate(IReadOnlyList<StoredResult> clinicianRows, IEnumerable<string> clinicianKeys, int minimumDenominator)
    {
        ArgumentNullException.ThrowIfNull(clinicianRows);
        var keys = clinicianKeys.ToHashSet(StringComparer.Ordinal);
        return [.. clinicianRows.Where(r => keys.Contains(r.Unit)).GroupBy(r => r.PeriodStart).OrderBy(g => g.Key).Select(g =>
        {
            var numerator = g.Sum(r => r.Numerator);
            var denominator = g.Sum(r => r.Denominator);
            var ci = denominator > 0 ? ConfidenceIntervals.Wilson(numerator, denominator) : (Interval?)null;
            return new TeamPeriod(g.Key, numerator, denominator, denominator > 0 ? (double)numerator / denominator : null,
                ci?.Lower, ci?.Upper, denominator > 0 && denominator >= minimumDenominator);
        })];
    }
}
