using System.Globalization;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

public enum ChangeVerdict
{
    /// <summary>The person's care is not in routine data, or the indicator has no charted periods for them.</summary>
    NoData,
    /// <summary>Fewer than <see cref="ActionEffect.MinimumBaseline"/> charted periods before the action.</summary>
    NotEnoughBaseline,
    /// <summary>No charted period from the action's start on yet.</summary>
    NothingAfter,
    NoChange,
    Improvement,
    Deterioration,
    /// <summary>A special cause on an indicator with no better direction.</summary>
    Change,
}

/// <summary>
/// The change test's answer. The baseline figures are those of the XmR chart over the periods before the action;
/// <see cref="Rule"/> and <see cref="SignalLength"/> describe the signal reported (null and 0 when there is none).
/// </summary>
public sealed record ActionEffectResult(
    ChangeVerdict Verdict, int BaselinePeriods, int PeriodsAfter, double? BaselineMean, double? LowerLimit, double? UpperLimit,
    SpecialCauseRule? Rule, int SignalLength, DateOnly? SignalPeriod, string Sentence);

/// <summary>
/// Did the indicator change after an action? For the person's own clinician series: an XmR chart whose mean and
/// limits come only from the periods before the action (the baseline, frozen), then the periods from the action on
/// tested against them for special cause.
/// </summary>
/// <remarks>
/// <para>
/// Source: NHS England / NHS Improvement, "Making Data Count" (2017, 2019) and "Making Data Count: Strengthening your
/// decisions": to tell whether a change made a difference, fix the limits on the data before the change and look
/// for special-cause variation after it rather than comparing two averages. Baseline limits are
/// <see cref="XmrChart.Calculate"/>'s (mean ± 2.66 × average moving range, with the moving-range screening
/// Making Data Count and NHSRplotthedots apply).
/// </para>
/// <para>
/// Rules, applied to the periods from the action on only (a run never reaches back into the baseline):
/// (1) a point beyond a baseline process limit; (2) a run of <see cref="ShiftLength"/> or more consecutive points
/// on one side of the baseline mean (a point on the mean breaks it); (3) a trend of <see cref="TrendLength"/> or more
/// consecutive points each higher (or each lower) than the one before (an equal pair breaks it). The trend here is one
/// point shorter than the 7-point trend that labels points on the charts (<see cref="XmrChart"/>, as in
/// NHSRplotthedots): this test asks a narrower question, whether the new process differs from the frozen baseline,
/// and is documented in docs/acting-on-feedback.md. When several signals are present the latest one is reported
/// (ties: beyond limits, then run, then trend), because it says how things stand now.
/// </para>
/// <para>
/// The action's month counts as "after": periods are months and practice is expected to change within the month the
/// action starts. At least <see cref="MinimumBaseline"/> baseline periods are needed; Making Data Count prefers 15–20
/// and the chart warns below 13, so short baselines give wide, uncertain limits.
/// </para>
/// </remarks>
public sealed class ActionEffect(PractitionerLinks links, DatabaseOptions database, IndicatorCatalog catalog)
{
    public const int MinimumBaseline = 6;
    public const int ShiftLength = EvaluationStatistics.ShiftLength;
    public const int TrendLength = EvaluationStatistics.TrendLength;

    /// <summary>The change test for one person's clinician series of one indicator since <paramref name="startDate"/>.</summary>
    public async Task<ActionEffectResult> HandleAsync(Guid personId, string indicatorId, DateOnly startDate, CancellationToken cancellationToken = default)
    {
        var series = await SeriesAsync(personId, indicatorId, cancellationToken);
        var improvement = catalog.Find(indicatorId)?.Improvement ?? ImprovementDirection.Neutral;
        return Test(series, startDate, improvement);
    }

    /// <summary>The person's charted periods (enough cases, a value) of the indicator at clinician level, oldest first.</summary>
    public async Task<IReadOnlyList<SeriesPoint>> SeriesAsync(Guid personId, string indicatorId, CancellationToken cancellationToken = default)
    {
        var key = await links.ForPersonAsync(personId, cancellationToken);
        if (key is null)
        {
            return [];
        }

        return ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(database.DataDirectory), indicatorId, "clinician", key)
            .Where(r => !r.BelowMinimum && r.Value is not null)
            .OrderBy(r => r.PeriodStart)
            .Select(r => new SeriesPoint(r.PeriodStart, r.Value!.Value))
            .ToList();
    }

    /// <summary>The change test on a given series (see the class remarks for the rules and their source).</summary>
    public static ActionEffectResult Test(IReadOnlyList<SeriesPoint> series, DateOnly startDate, ImprovementDirection improvement)
    {
        ArgumentNullException.ThrowIfNull(series);
        var since = Format(startDate);
        if (series.Count == 0)
        {
            return new ActionEffectResult(ChangeVerdict.NoData, 0, 0, null, null, null, null, 0, null,
                "No data to test yet: there are no charted months of this indicator for you.");
        }

        var startMonth = FeedbackRules.MonthOf(startDate);
        var ordered = series.OrderBy(p => p.Period).ToList();
        var baseline = ordered.Where(p => p.Period < startMonth).ToList();
        var after = ordered.Where(p => p.Period >= startMonth).ToList();
        if (baseline.Count < MinimumBaseline)
        {
            return new ActionEffectResult(ChangeVerdict.NotEnoughBaseline, baseline.Count, after.Count, null, null, null, null, 0, null,
                $"Not enough data before the action: {Months(baseline.Count)} charted before {since}, and the change test needs at least {MinimumBaseline}.");
        }

        // The same frozen-baseline test an initiative's evaluation uses (EvaluationStatistics.BeforeAfter).
        var test = EvaluationStatistics.BeforeAfter([.. baseline.Select(p => p.Value)], [.. after.Select(p => p.Value)]);
        var (mean, lower, upper) = (test.Mean, test.Lower!.Value, test.Upper!.Value);
        if (after.Count == 0)
        {
            return new ActionEffectResult(ChangeVerdict.NothingAfter, baseline.Count, 0, mean, lower, upper, null, 0, null,
                $"No data since your action on {since} yet.");
        }

        var signal = test.Signals
            .Select(f => new Signal(Rule(f.Test), f.Last, f.Last - f.First + 1, f.High))
            .OrderByDescending(s => s.End).ThenBy(s => Priority(s.Rule)).FirstOrDefault();
        if (signal is null)
        {
            return new ActionEffectResult(ChangeVerdict.NoChange, baseline.Count, after.Count, mean, lower, upper, null, 0, null,
                $"No change beyond chance yet ({Months(after.Count)} after).");
        }

        var verdict = improvement == ImprovementDirection.Neutral ? ChangeVerdict.Change
            : signal.High == (improvement == ImprovementDirection.Increase) ? ChangeVerdict.Improvement
            : ChangeVerdict.Deterioration;
        var meaning = verdict switch
        {
            ChangeVerdict.Improvement => "a real improvement (special cause)",
            ChangeVerdict.Deterioration => "a real deterioration (special cause)",
            _ => "a real change (special cause)",
        };
        var period = after[signal.End].Period;
        var what = signal.Rule switch
        {
            SpecialCauseRule.OutsideLimits => $"went {(signal.High ? "above the old upper" : "below the old lower")} limit in {period:MMMM yyyy}",
            SpecialCauseRule.Shift => $"has stayed {(signal.High ? "above" : "below")} the old mean for {Months(signal.Length)}",
            _ => $"has {(signal.High ? "risen" : "fallen")} month on month for {Months(signal.Length)}",
        };
        return new ActionEffectResult(verdict, baseline.Count, after.Count, mean, lower, upper, signal.Rule, signal.Length, period,
            string.Create(CultureInfo.InvariantCulture, $"Since your action on {since} the rate {what}: {meaning}."));
    }

    private sealed record Signal(SpecialCauseRule Rule, int End, int Length, bool High);

    private static SpecialCauseRule Rule(ChangeSignal signal) => signal switch
    {
        ChangeSignal.BeyondLimits => SpecialCauseRule.OutsideLimits,
        ChangeSignal.Shift => SpecialCauseRule.Shift,
        _ => SpecialCauseRule.Trend,
    };

    private static int Priority(SpecialCauseRule rule) => rule switch
    {
        SpecialCauseRule.OutsideLimits => 0,
        SpecialCauseRule.Shift => 1,
        _ => 2,
    };

    private static string Months(int count) => count == 1 ? "1 month" : $"{count} months";

    private static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
