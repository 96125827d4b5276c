using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

/// <summary>The special-cause test that fired after a change.</summary>
public enum ChangeSignal
{
    /// <summary>A point after the change beyond the baseline's process limits.</summary>
    BeyondLimits,
    /// <summary>Seven consecutive points after the change on one side of the baseline mean.</summary>
    Shift,
    /// <summary>Six consecutive points after the change each higher (or each lower) than the one before.</summary>
    Trend,
}

/// <summary>One signal: which test, the first and last point (zero-based, among the points after the change) and its direction.</summary>
public sealed record SignalFound(ChangeSignal Test, int First, int Last, bool High);

/// <summary>Limits from the baseline and the signals found after the change.</summary>
public sealed record BeforeAfterTest(
    int BaselinePoints,
    double Mean,
    double? Lower,
    double? Upper,
    IReadOnlyList<SignalFound> Signals,
    IReadOnlyList<string> Warnings)
{
    public bool SpecialCause => Signals.Count > 0;
}

/// <summary>Two proportions and their difference (first minus second) with a confidence interval.</summary>
public sealed record ProportionDifference(long X1, long N1, long X2, long N2, double P1, double P2, double Difference, Interval Interval);

/// <summary>The statistics of "research in the role": before/after on an XmR chart, and two proportions compared.</summary>
public static class EvaluationStatistics
{
    /// <summary>Points after the change on one side of the baseline mean that make a shift (Making Data Count).</summary>
    public const int ShiftLength = 7;

    /// <summary>Consecutive rising (or falling) points that make a trend (Making Data Count, 2017 edition).</summary>
    public const int TrendLength = 6;

    /// <summary>
    /// Tests for special cause after a change against limits fixed from the points before it.
    /// </summary>
    /// <remarks>
    /// NHS England / NHS Improvement, "Making Data Count" (2017) and "Making Data Count: Strengthening your decisions"
    /// (2019): compute the mean and process limits from a baseline, freeze them, and look for special cause in the
    /// points that follow: (1) a point beyond a process limit, (2) a run of seven points on one side of the mean
    /// (a shift), (3) six points in a row each higher, or each lower, than the one before (a trend; the 2017 guide's
    /// rule, where NHSRplotthedots now uses seven). Limits are those of <see cref="XmrChart"/> (mean ± 2.66 × MR̄,
    /// with moving-range screening), computed from the baseline only via <see cref="XmrOptions.FixBaselineAfter"/>.
    /// A point exactly on the mean breaks a shift; an equal pair breaks a trend. Only points after the change are
    /// tested, so a run or trend must lie entirely after it.
    /// </remarks>
    public static BeforeAfterTest BeforeAfter(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Count < 2)
        {
            throw new ArgumentException("The baseline needs at least 2 periods before the change, so that there is a moving range.");
        }

        var chart = XmrChart.Calculate([.. before, .. after], new XmrOptions { FixBaselineAfter = before.Count });
        var baseline = chart.Segments[0];
        var signals = new List<SignalFound>();
        for (var i = 0; i < after.Count; i++)
        {
            if (after[i] > baseline.UpperProcessLimit || after[i] < baseline.LowerProcessLimit)
            {
                signals.Add(new SignalFound(ChangeSignal.BeyondLimits, i, i, after[i] > baseline.Mean));
            }
        }

        // Runs are reported once each, from their first point to their last.
        for (var i = 0; i < after.Count;)
        {
            var side = Math.Sign(after[i] - baseline.Mean);
            var end = i + 1;
            while (side != 0 && end < after.Count && Math.Sign(after[end] - baseline.Mean) == side)
            {
                end++;
            }

            if (side != 0 && end - i >= ShiftLength)
            {
                signals.Add(new SignalFound(ChangeSignal.Shift, i, end - 1, side > 0));
            }

            i = end;
        }

        // A trend's points are joined by steps of one sign; a peak can end one trend and start the next.
        for (var i = 1; i < after.Count;)
        {
            var direction = Math.Sign(after[i] - after[i - 1]);
            var end = i;
            while (direction != 0 && end < after.Count && Math.Sign(after[end] - after[end - 1]) == direction)
            {
                end++;
            }

            if (direction != 0 && end - (i - 1) >= TrendLength)
            {
                signals.Add(new SignalFound(ChangeSignal.Trend, i - 1, end - 1, direction > 0));
            }

            i = direction == 0 ? i + 1 : end;
        }

        var warnings = new List<string>();
        if (before.Count < XmrChart.MinimumReliableBaseline)
        {
            warnings.Add($"The baseline has {before.Count} periods: limits from fewer than {XmrChart.MinimumReliableBaseline} are unreliable (15–20 preferred).");
        }

        if (after.Count < ShiftLength)
        {
            warnings.Add($"There are {after.Count} periods after the change: a shift needs {ShiftLength}, so only a point beyond the limits{(after.Count >= TrendLength ? " or a trend" : "")} can show a change yet.");
        }

        return new BeforeAfterTest(before.Count, baseline.Mean, baseline.LowerProcessLimit, baseline.UpperProcessLimit,
            [.. signals.OrderBy(s => s.First).ThenBy(s => s.Test)], warnings);
    }

    /// <summary>
    /// The difference between two independent proportions x1/n1 − x2/n2 with Newcombe's hybrid score interval.
    /// </summary>
    /// <remarks>
    /// Newcombe RG, "Interval estimation for the difference between independent proportions: comparison of eleven
    /// methods", Statistics in Medicine 1998;17:873–890, method 10 (score interval without continuity correction,
    /// "hybrid" of the two single-proportion Wilson intervals): with Wilson limits (l1, u1) for p1 and (l2, u2) for
    /// p2 at the same level, δ = p1 − p2, lower = δ − √((p1 − l1)² + (u2 − p2)²), upper = δ + √((u1 − p1)² + (p2 − l2)²).
    /// Newcombe's example (a), 56/70 − 48/80, gives 0.2000 (0.0524 to 0.3339). Wilson limits come from
    /// <see cref="ConfidenceIntervals.Wilson"/>.
    /// </remarks>
    public static ProportionDifference Newcombe(long x1, long n1, long x2, long n2, double level = 0.95)
    {
        var first = ConfidenceIntervals.Wilson(x1, n1, level);
        var second = ConfidenceIntervals.Wilson(x2, n2, level);
        var p1 = (double)x1 / n1;
        var p2 = (double)x2 / n2;
        var difference = p1 - p2;
        var lower = difference - Math.Sqrt(Math.Pow(p1 - first.Lower, 2) + Math.Pow(second.Upper - p2, 2));
        var upper = difference + Math.Sqrt(Math.Pow(first.Upper - p1, 2) + Math.Pow(p2 - second.Lower, 2));
        return new ProportionDifference(x1, n1, x2, n2, p1, p2, difference, new Interval(lower, upper));
    }
}
