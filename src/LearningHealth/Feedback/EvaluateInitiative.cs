using System.Globalization;
using LearningHealth.Charts;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Statistics;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>One period of the evaluation: the team's summed counts and, for a comparison, the other clinicians'.</summary>
public sealed record EvaluationPeriod(DateOnly Period, bool AfterChange, long TeamNumerator, long TeamDenominator, long OthersNumerator, long OthersDenominator)
{
    public double? TeamValue => TeamDenominator > 0 ? (double)TeamNumerator / TeamDenominator : null;
}

/// <summary>A finding posted back to the team.</summary>
public sealed record FindingSummary(Guid Id, string Title, string Summary, string? IndicatorId, string PostedByName, DateTime PostedAt, int Recipients);

/// <summary>
/// The evaluation of an initiative: its settings, the periods, the result of its design, a plain sentence, the
/// chart, who contributed data and the findings already posted. <see cref="Problem"/> says why there is no result.
/// </summary>
public sealed record InitiativeEvaluation(
    Guid InitiativeId,
    string Title,
    string LearningQuestion,
    EvaluationDesign Design,
    IndicatorDefinition? Indicator,
    DateOnly? ChangeDate,
    long Version,
    IReadOnlyList<EvaluationPeriod> Periods,
    BeforeAfterTest? BeforeAfter,
    ProportionDifference? Comparison,
    string? Sentence,
    string? Problem,
    ChartOutput? Chart,
    IReadOnlyList<PractitionerLink> Contributors,
    IReadOnlyList<FindingSummary> Findings);

/// <summary>
/// Research in the role: computes an initiative's evaluation from stored indicator results. The team is the
/// initiative's members linked to a Practitioner in routine data (<see cref="PractitionerLinks"/>); the team's value
/// in a period is its clinicians' numerators summed over their denominators summed. A period is "after" the change
/// when it starts on or after the start of the period that holds the change date, so the month of the change counts
/// as after (it is already touched by the change). See docs/data-use.md, "Research in the role".
/// </summary>
public sealed class EvaluateInitiative(AppDbContext db, PractitionerLinks links, DatabaseOptions database, IndicatorCatalog catalog)
{
    /// <summary>Whether a user may read an initiative's evaluation: Leads, Analysts and Admins may; others only as team members.</summary>
    public async Task<bool> CanReadAsync(Guid initiativeId, Guid? personId, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        if (roles.Any(r => r is Roles.Lead or Roles.Analyst or Roles.Admin))
        {
            return true;
        }

        return personId is { } id && await db.InitiativeMembers.AnyAsync(m => m.InitiativeId == initiativeId && m.PersonId == id, cancellationToken);
    }

    public async Task<InitiativeEvaluation?> HandleAsync(Guid initiativeId, CancellationToken cancellationToken = default)
    {
        var initiative = await db.Initiatives.AsNoTracking().FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken);
        if (initiative is null)
        {
            return null;
        }

        var findings = await db.ResearchFindings.AsNoTracking().Where(f => f.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        var findingSummaries = findings.OrderByDescending(f => f.PostedAt)
            .Select(f => new FindingSummary(f.Id, f.Title, f.Summary, f.IndicatorId, f.PostedByName, f.PostedAt, f.Recipients)).ToList();
        var indicator = catalog.Find(initiative.EvaluationIndicatorId);
        InitiativeEvaluation Result(string? problem, IReadOnlyList<EvaluationPeriod>? periods = null, BeforeAfterTest? beforeAfter = null,
            ProportionDifference? comparison = null, string? sentence = null, ChartOutput? chart = null, IReadOnlyList<PractitionerLink>? contributors = null) =>
            new(initiative.Id, initiative.Title, initiative.LearningQuestion, initiative.EvaluationDesign, indicator, initiative.ChangeDate, initiative.Version,
                periods ?? [], beforeAfter, comparison, sentence, problem, chart, contributors ?? [], findingSummaries);

        if (initiative.EvaluationDesign == EvaluationDesign.None || indicator is null || initiative.ChangeDate is not { } changeDate)
        {
            return Result("No evaluation is set: choose a design, an indicator and the change date.");
        }

        var memberIds = await db.InitiativeMembers.AsNoTracking().Where(m => m.InitiativeId == initiativeId).Select(m => m.PersonId).ToListAsync(cancellationToken);
        var team = (await links.AllAsync(cancellationToken)).Where(l => memberIds.Contains(l.PersonId)).ToList();
        if (team.Count == 0)
        {
            return Result("None of the team's members is linked to a Practitioner in routine data, so the team has no results.");
        }

        var results = ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(database.DataDirectory), indicator.Id, "clinician");
        var changePeriod = PeriodStart(changeDate, indicator.Period);
        var keys = team.Select(t => t.PractitionerKey).ToHashSet(StringComparer.Ordinal);
        var periods = Periods(results, keys, changePeriod);
        var (evaluated, outcome) = initiative.EvaluationDesign == EvaluationDesign.BeforeAfterSpc
            ? (periods, BeforeAfterOf(initiative, indicator, periods))
            : (periods.Where(p => p.AfterChange).ToList(), ComparisonOf(indicator, periods));
        var evaluatedPeriods = evaluated.Select(p => p.Period).ToHashSet();
        var contributors = team.Where(t => results.Any(r => r.Unit == t.PractitionerKey && r.Denominator > 0 && evaluatedPeriods.Contains(r.PeriodStart)))
            .OrderBy(t => t.DisplayName, StringComparer.Ordinal).ToList();
        if (outcome.Problem is not null)
        {
            return Result(outcome.Problem, periods, contributors: contributors);
        }

        var chart = Chart(initiative, indicator, periods, outcome.BeforeAfter is not null);
        return Result(null, periods, outcome.BeforeAfter, outcome.Comparison, outcome.Sentence, chart, contributors);
    }

    /// <summary>The first day of the period holding <paramref name="date"/>.</summary>
    public static DateOnly PeriodStart(DateOnly date, IndicatorPeriod period) => period == IndicatorPeriod.Quarter
        ? new DateOnly(date.Year, ((date.Month - 1) / 3 * 3) + 1, 1)
        : new DateOnly(date.Year, date.Month, 1);

    /// <summary>Team and other clinicians' counts per period, for periods where the team has cases.</summary>
    public static List<EvaluationPeriod> Periods(IReadOnlyList<StoredResult> clinicianResults, IReadOnlySet<string> teamKeys, DateOnly changePeriod) =>
        [.. clinicianResults.GroupBy(r => r.PeriodStart).OrderBy(g => g.Key)
            .Select(g => new EvaluationPeriod(
                g.Key,
                g.Key >= changePeriod,
                g.Where(r => teamKeys.Contains(r.Unit)).Sum(r => r.Numerator),
                g.Where(r => teamKeys.Contains(r.Unit)).Sum(r => r.Denominator),
                g.Where(r => !teamKeys.Contains(r.Unit)).Sum(r => r.Numerator),
                g.Where(r => !teamKeys.Contains(r.Unit)).Sum(r => r.Denominator)))
            .Where(p => p.TeamDenominator > 0)];

    private sealed record Outcome(BeforeAfterTest? BeforeAfter, ProportionDifference? Comparison, string? Sentence, string? Problem);

    private static Outcome BeforeAfterOf(Initiative initiative, IndicatorDefinition indicator, List<EvaluationPeriod> periods)
    {
        var before = periods.Where(p => !p.AfterChange).Select(p => p.TeamValue!.Value).ToList();
        var after = periods.Where(p => p.AfterChange).Select(p => p.TeamValue!.Value).ToList();
        if (before.Count < 2)
        {
            return new Outcome(null, null, null, $"There are {before.Count} periods with results before the change date: the baseline needs at least 2.");
        }

        if (after.Count == 0)
        {
            return new Outcome(null, null, null, "There are no results yet for periods after the change date.");
        }

        var test = EvaluationStatistics.BeforeAfter(before, after);
        return new Outcome(test, null, BeforeAfterSentence(initiative, indicator, test, after, periods.Where(p => p.AfterChange).ToList()), null);
    }

    /// <summary>The plain-language result of a before/after test.</summary>
    public static string BeforeAfterSentence(Initiative initiative, IndicatorDefinition indicator, BeforeAfterTest test, IReadOnlyList<double> after, IReadOnlyList<EvaluationPeriod> afterPeriods)
    {
        var mean = after.Average();
        var baseline = $"Before {initiative.ChangeDate:d MMMM yyyy} the team's {indicator.Title.ToLowerInvariant()} averaged {Percent(test.Mean)} over {test.BaselinePoints} periods";
        var since = $"since then it has averaged {Percent(mean)} over {after.Count}";
        if (!test.SpecialCause)
        {
            return $"{baseline}; {since}. No point after the change is special cause against the baseline's limits, so the data do not yet show a change.";
        }

        var high = test.Signals[0].High;
        var better = indicator.Improvement switch
        {
            ImprovementDirection.Increase => high ? "an improvement" : "a deterioration",
            ImprovementDirection.Decrease => high ? "a deterioration" : "an improvement",
            _ => high ? "a rise" : "a fall",
        };
        var tests = string.Join(", ", test.Signals.Select(s => s.Test).Distinct().Select(t => t switch
        {
            ChangeSignal.BeyondLimits => "a point beyond the baseline's process limits",
            ChangeSignal.Shift => $"a run of {EvaluationStatistics.ShiftLength} or more on one side of the baseline mean",
            _ => $"a trend of {EvaluationStatistics.TrendLength} or more",
        }));
        var first = afterPeriods[test.Signals[0].First].Period;
        return $"{baseline}; {since}. Special cause from {first:MMMM yyyy} ({tests}) shows {better}: {(high ? "higher" : "lower")} than the process before the change.";
    }

    private static Outcome ComparisonOf(IndicatorDefinition indicator, List<EvaluationPeriod> periods)
    {
        var after = periods.Where(p => p.AfterChange).ToList();
        var teamN = after.Sum(p => p.TeamNumerator);
        var teamD = after.Sum(p => p.TeamDenominator);
        var othersN = after.Sum(p => p.OthersNumerator);
        var othersD = after.Sum(p => p.OthersDenominator);
        if (teamD == 0 || othersD == 0)
        {
            return new Outcome(null, null, null, teamD == 0
                ? "The team has no cases in the periods since the change date."
                : "The other clinicians have no cases in the periods since the change date.");
        }

        var difference = EvaluationStatistics.Newcombe(teamN, teamD, othersN, othersD);
        return new Outcome(null, difference, ComparisonSentence(indicator, difference, after.Count), null);
    }

    /// <summary>The plain-language result of a comparison of two proportions.</summary>
    public static string ComparisonSentence(IndicatorDefinition indicator, ProportionDifference d, int periods)
    {
        var points = Math.Abs(d.Difference * 100).ToString("0.0", CultureInfo.InvariantCulture);
        var ci = $"95% confidence interval {Signed(d.Interval.Lower)} to {Signed(d.Interval.Upper)} percentage points";
        var head = $"Over the {periods} periods since the change, the team's {indicator.Title.ToLowerInvariant()} was {Percent(d.P1)} ({d.X1} of {d.N1}) against {Percent(d.P2)} ({d.X2} of {d.N2}) for the other clinicians";
        if (d.Interval.Lower <= 0 && d.Interval.Upper >= 0)
        {
            return $"{head}: a difference of {Signed(d.Difference)} percentage points ({ci}), which includes no difference, so the data cannot tell the team apart from the others.";
        }

        var higher = d.Difference > 0;
        var better = indicator.Improvement switch
        {
            ImprovementDirection.Increase => higher ? "better" : "worse",
            ImprovementDirection.Decrease => higher ? "worse" : "better",
            _ => higher ? "higher" : "lower",
        };
        return $"{head}: {points} percentage points {(higher ? "higher" : "lower")} ({ci}), so the team did {better} than the other clinicians.";
    }

    private static ChartOutput Chart(Initiative initiative, IndicatorDefinition indicator, List<EvaluationPeriod> periods, bool fixedBaseline)
    {
        var points = periods.Select(p => new SpcChartPoint(p.Period, p.TeamValue!.Value, p.TeamNumerator, p.TeamDenominator)).ToList();
        var firstAfter = periods.FindIndex(p => p.AfterChange);
        var before = firstAfter < 0 ? periods.Count : firstAfter;
        // Before/after keeps the baseline's limits running on past the change (that is the test); a comparison
        // re-bases at the change so the chart shows the team's process since then.
        var options = new XmrOptions
        {
            Improvement = indicator.Improvement,
            Target = indicator.Target,
            RebaseAt = !fixedBaseline && firstAfter > 0 ? [firstAfter] : [],
            FixBaselineAfter = fixedBaseline && before >= 2 ? before : null,
        };
        var annotations = new Dictionary<DateOnly, string>();
        if (firstAfter >= 0)
        {
            annotations[periods[firstAfter].Period] = $"Change {initiative.ChangeDate:d MMM yyyy}";
        }

        return SpcChart.Render(new SpcChartRequest
        {
            Title = $"{indicator.Title}: the initiative's team",
            Points = points,
            Options = options,
            Annotations = annotations,
        });
    }

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Signed(double proportion) => (proportion * 100).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture);
}
