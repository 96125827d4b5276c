namespace LearningHealth.Statistics;

/// <summary>Which way a measure should move to count as better.</summary>
public enum ImprovementDirection
{
    Increase,
    Decrease,
    Neutral,
}

/// <summary>The "Making Data Count" type of one point, named as NHSRplotthedots names it.</summary>
public enum XmrPointType
{
    CommonCause,
    SpecialCauseImprovement,
    SpecialCauseConcern,
    SpecialCauseNeutralHigh,
    SpecialCauseNeutralLow,
}

/// <summary>The special-cause rule that labelled a point, in the order of priority used for labelling.</summary>
public enum SpecialCauseRule
{
    /// <summary>Above the upper or below the lower process limit.</summary>
    OutsideLimits,

    /// <summary>One of seven or more consecutive points each higher (or each lower) than the one before.</summary>
    Trend,

    /// <summary>One of two (or three) points in the near-limits band within three consecutive points on one side of the mean.</summary>
    TwoOfThree,

    /// <summary>One of seven or more consecutive points on one side of the mean.</summary>
    Shift,
}

/// <summary>Whether the process, as it runs now, can be expected to meet a target.</summary>
public enum Assurance
{
    ConsistentPass,
    ConsistentFail,
    Inconsistent,
}

/// <summary>Choices for an XmR chart. The defaults are those of NHSRplotthedots.</summary>
public sealed record XmrOptions
{
    /// <summary>Which way is better; default <see cref="ImprovementDirection.Increase"/>.</summary>
    public ImprovementDirection Improvement { get; init; } = ImprovementDirection.Increase;

    /// <summary>A target to judge assurance against; none gives no assurance.</summary>
    public double? Target { get; init; }

    /// <summary>Drop moving ranges of at least 3.267 × MR̄ and recompute MR̄ once (default on).</summary>
    public bool ScreenMovingRanges { get; init; } = true;

    /// <summary>
    /// Zero-based positions at which a new segment starts (a known change in the process): 12 means the
    /// 13th point is the first of a new segment with its own mean and limits.
    /// </summary>
    public IReadOnlyList<int> RebaseAt { get; init; } = [];

    /// <summary>Compute each segment's mean and limits from its first N points only (at least 2); rules still run over every point.</summary>
    public int? FixBaselineAfter { get; init; }
}

/// <summary>
/// One run of points sharing a mean and limits. The limits are null when the baseline has a single point,
/// because there is then no moving range.
/// </summary>
public sealed record XmrSegment(
    int Start,
    int Count,
    int BaselineCount,
    double Mean,
    double? AverageMovingRange,
    double? LowerProcessLimit,
    double? UpperProcessLimit,
    double? LowerNearLimit,
    double? UpperNearLimit);

/// <summary>One point of the chart with its type and, for a special cause, the rule that labelled it.</summary>
public sealed record XmrPoint(int Index, double Value, int Segment, XmrPointType Type, SpecialCauseRule? Rule);

/// <summary>The chart: segments, typed points, the variation icon (last point's type), assurance and warnings.</summary>
public sealed record XmrChartResult(
    IReadOnlyList<XmrSegment> Segments,
    IReadOnlyList<XmrPoint> Points,
    XmrPointType Variation,
    Assurance? Assurance,
    IReadOnlyList<string> Warnings);

/// <summary>
/// XmR (individuals and moving range) statistical process control chart as NHS England's "Making Data Count"
/// defines it.
/// </summary>
/// <remarks>
/// <para>
/// Sources: NHS England / NHS Improvement, "Making Data Count" (2017, 2019) and "Making Data Count: Strengthening
/// your decisions"; the reference implementation is the R package NHSRplotthedots (NHS-R Community, MIT licence),
/// functions <c>ptd_spc_standard</c>, <c>ptd_calculate_point_type</c>, <c>ptd_calculate_assurance_type</c> and
/// <c>ptd_add_short_group_warnings</c>. Constants from Wheeler, "Understanding Variation" (1993): 2.66 = 3/d₂
/// with d₂ = 1.128, and 3.267 = D₄ for moving ranges of two.
/// </para>
/// <para>
/// Within each segment: mean x̄ of the baseline points; moving ranges MRᵢ = |xᵢ − xᵢ₋₁| of the baseline; MR̄ their
/// mean; with screening, moving ranges ≥ 3.267·MR̄ are dropped and MR̄ recomputed once. Process limits
/// x̄ ± 2.66·MR̄; the near-limits band lies beyond x̄ ± (2/3)·2.66·MR̄ and inside the limits.
/// </para>
/// <para>
/// Rules, in the priority used to label a point: (1) outside the limits (strictly above the upper or below the
/// lower); (2) trend: 7 consecutive points with 6 differences of one sign (an equal pair breaks it), all 7 points
/// labelled; (3) two of three: a window of 3 consecutive points all strictly on one side of the mean, at least 2
/// of which are in the near-limits band (points outside the limits do not count as near), and only the points in
/// the band are labelled (the third point of the window is not), as in NHSRplotthedots' <c>ptd_two_in_three</c>
/// and <c>ptd_part_of_two_in_three</c>; (4) shift: 7 consecutive points strictly on one side of the mean (a point
/// on the mean breaks it), all 7 labelled. Rules never look across a re-base.
/// </para>
/// <para>
/// A special-cause point is high when it is above the mean or, for a trend, when the trend rises. A point shared
/// by a rising and a falling trend (a peak or trough) takes the direction of the trend to its right, as
/// NHSRplotthedots does. Improvement direction turns high/low into improvement/concern or neutral high/low.
/// </para>
/// <para>
/// Edge cases, where NHSRplotthedots gives NaN or no answer: when all baseline moving ranges are zero (all values
/// equal) MR̄ = 0, screening is skipped and the limits equal the mean; a baseline of one point has no moving range,
/// so its limits are null and only the mean-based rules apply.
/// </para>
/// </remarks>
public static class XmrChart
{
    /// <summary>3/d₂ for moving ranges of two points (d₂ = 1.128).</summary>
    public const double LimitFactor = 2.66;

    /// <summary>D₄ for moving ranges of two points: the upper limit of the moving-range chart over MR̄.</summary>
    public const double ScreeningFactor = 3.267;

    /// <summary>The near-limits band begins at two thirds of the distance from the mean to a limit.</summary>
    public const double NearLimitFactor = 2.0 / 3.0 * LimitFactor;

    /// <summary>Making Data Count advises at least this many points for reliable limits (15–20 preferred).</summary>
    public const int MinimumReliableBaseline = 13;

    /// <summary>Consecutive points that make a trend or a shift.</summary>
    public const int RunLength = 7;

    public static XmrChartResult Calculate(IReadOnlyList<double> values, XmrOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        options ??= new XmrOptions();
        if (values.Count == 0)
        {
            throw new ArgumentException("No values: an XmR chart needs at least one value.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"Value {i + 1} is not a finite number.");
            }
        }

        if (options.Target is { } target && !double.IsFinite(target))
        {
            throw new ArgumentException("The target must be a finite number.");
        }

        if (options.FixBaselineAfter is < 2)
        {
            throw new ArgumentException("A fixed baseline needs at least 2 points, so that there is a moving range.");
        }

        var starts = SegmentStarts(values.Count, options.RebaseAt ?? []);
        var segments = new List<XmrSegment>();
        var points = new List<XmrPoint>(values.Count);
        var warnings = new List<string>();
        for (var s = 0; s < starts.Count; s++)
        {
            var start = starts[s];
            var end = s + 1 < starts.Count ? starts[s + 1] : values.Count;
            var segmentValues = new double[end - start];
            for (var i = start; i < end; i++)
            {
                segmentValues[i - start] = values[i];
            }

            var segment = Limits(start, segmentValues, options);
            segments.Add(segment);
            Warn(segment, s, starts.Count, warnings);
            var labels = Label(segmentValues, segment);
            for (var i = 0; i < segmentValues.Length; i++)
            {
                var (rule, high) = labels[i];
                points.Add(new XmrPoint(start + i, segmentValues[i], s, TypeOf(rule, high, options.Improvement), rule));
            }
        }

        return new XmrChartResult(segments, points, points[^1].Type, AssuranceFor(segments[^1], options), warnings);
    }

    private static List<int> SegmentStarts(int count, IReadOnlyList<int> rebaseAt)
    {
        var starts = new SortedSet<int> { 0 };
        foreach (var index in rebaseAt)
        {
            if (index < 1 || index >= count)
            {
                throw new ArgumentException(
                    $"Re-base position {index} is out of range: it must be between 1 and {count - 1} (zero-based position of the first point of a new segment).");
            }

            if (!starts.Add(index))
            {
                throw new ArgumentException($"Re-base position {index} is given twice.");
            }
        }

        return [.. starts];
    }

    private static XmrSegment Limits(int start, double[] values, XmrOptions options)
    {
        var baselineCount = Math.Min(options.FixBaselineAfter ?? int.MaxValue, values.Length);
        var mean = 0.0;
        for (var i = 0; i < baselineCount; i++)
        {
            mean += values[i];
        }

        mean /= baselineCount;
        if (baselineCount < 2)
        {
            return new XmrSegment(start, values.Length, baselineCount, mean, null, null, null, null, null);
        }

        var movingRanges = new double[baselineCount - 1];
        for (var i = 1; i < baselineCount; i++)
        {
            movingRanges[i - 1] = Math.Abs(values[i] - values[i - 1]);
        }

        var averageMovingRange = movingRanges.Average();
        if (options.ScreenMovingRanges && averageMovingRange > 0)
        {
            // Ranges at or above the moving-range chart's upper limit come from a one-off jump and would widen the limits.
            var screeningLimit = ScreeningFactor * averageMovingRange;
            averageMovingRange = movingRanges.Where(r => r < screeningLimit).Average();
        }

        return new XmrSegment(
            start,
            values.Length,
            baselineCount,
            mean,
            averageMovingRange,
            mean - LimitFactor * averageMovingRange,
            mean + LimitFactor * averageMovingRange,
            mean - NearLimitFactor * averageMovingRange,
            mean + NearLimitFactor * averageMovingRange);
    }

    private static void Warn(XmrSegment segment, int index, int segmentCount, List<string> warnings)
    {
        var where = segmentCount == 1
            ? "The baseline"
            : $"The baseline of segment {index + 1} (points {segment.Start + 1}–{segment.Start + segment.Count})";
        if (segment.BaselineCount < 2)
        {
            warnings.Add($"{where} has a single point: there is no moving range, so no process limits.");
        }
        else if (segment.BaselineCount < MinimumReliableBaseline)
        {
            warnings.Add(
                $"{where} has {segment.BaselineCount} points: limits from fewer than {MinimumReliableBaseline} points are unreliable (15–20 preferred).");
        }
    }

    /// <summary>Applies the four rules within one segment; returns, per point, the rule that labels it and whether it is high.</summary>
    private static (SpecialCauseRule? Rule, bool High)[] Label(double[] y, XmrSegment segment)
    {
        var n = y.Length;
        var side = new int[n];
        var outside = new bool[n];
        var near = new bool[n];
        for (var i = 0; i < n; i++)
        {
            side[i] = y[i] > segment.Mean ? 1 : y[i] < segment.Mean ? -1 : 0;
            if (segment.UpperProcessLimit is { } upper && segment.LowerProcessLimit is { } lower)
            {
                outside[i] = y[i] > upper || y[i] < lower;
                near[i] = !outside[i] && (y[i] > segment.UpperNearLimit || y[i] < segment.LowerNearLimit);
            }
        }

        // Trend: diffInTrend[k] says the step from point k−1 to point k lies inside some run of 6 same-sign steps.
        var inTrend = new bool[n];
        var diffInTrend = new bool[n];
        for (var last = RunLength - 1; last < n; last++)
        {
            var first = last - (RunLength - 1);
            var direction = Math.Sign(y[first + 1] - y[first]);
            var run = direction != 0;
            for (var k = first + 2; run && k <= last; k++)
            {
                run = Math.Sign(y[k] - y[k - 1]) == direction;
            }

            if (run)
            {
                for (var k = first; k <= last; k++)
                {
                    inTrend[k] = true;
                    diffInTrend[k] |= k > first;
                }
            }
        }

        var twoOfThree = new bool[n];
        for (var first = 0; first + 2 < n; first++)
        {
            var sameSide = side[first] != 0 && side[first + 1] == side[first] && side[first + 2] == side[first];
            var nearCount = (near[first] ? 1 : 0) + (near[first + 1] ? 1 : 0) + (near[first + 2] ? 1 : 0);
            if (sameSide && nearCount >= 2)
            {
                for (var k = first; k <= first + 2; k++)
                {
                    twoOfThree[k] |= near[k];
                }
            }
        }

        var shift = new bool[n];
        for (var last = RunLength - 1; last < n; last++)
        {
            var first = last - (RunLength - 1);
            var run = side[first] != 0;
            for (var k = first + 1; run && k <= last; k++)
            {
                run = side[k] == side[first];
            }

            if (run)
            {
                for (var k = first; k <= last; k++)
                {
                    shift[k] = true;
                }
            }
        }

        var labels = new (SpecialCauseRule?, bool)[n];
        for (var i = 0; i < n; i++)
        {
            if (outside[i])
            {
                labels[i] = (SpecialCauseRule.OutsideLimits, side[i] > 0);
            }
            else if (inTrend[i])
            {
                // A point joining a falling run to a rising one belongs to both; take the run to its right.
                var rising = i + 1 < n && diffInTrend[i + 1] ? y[i + 1] > y[i] : y[i] > y[i - 1];
                labels[i] = (SpecialCauseRule.Trend, rising);
            }
            else if (twoOfThree[i])
            {
                labels[i] = (SpecialCauseRule.TwoOfThree, side[i] > 0);
            }
            else if (shift[i])
            {
                labels[i] = (SpecialCauseRule.Shift, side[i] > 0);
            }
            else
            {
                labels[i] = (null, false);
            }
        }

        return labels;
    }

    private static XmrPointType TypeOf(SpecialCauseRule? rule, bool high, ImprovementDirection improvement) =>
        rule is null ? XmrPointType.CommonCause
        : improvement == ImprovementDirection.Neutral ? (high ? XmrPointType.SpecialCauseNeutralHigh : XmrPointType.SpecialCauseNeutralLow)
        : high == (improvement == ImprovementDirection.Increase) ? XmrPointType.SpecialCauseImprovement
        : XmrPointType.SpecialCauseConcern;

    /// <summary>Assurance from the latest segment's limits, as <c>ptd_calculate_assurance_type</c> judges it.</summary>
    private static Assurance? AssuranceFor(XmrSegment latest, XmrOptions options)
    {
        if (options.Target is not { } target || options.Improvement == ImprovementDirection.Neutral
            || latest.UpperProcessLimit is not { } upper || latest.LowerProcessLimit is not { } lower)
        {
            return null;
        }

        var increaseIsBetter = options.Improvement == ImprovementDirection.Increase;
        if (target > upper)
        {
            return increaseIsBetter ? Assurance.ConsistentFail : Assurance.ConsistentPass;
        }

        if (target < lower)
        {
            return increaseIsBetter ? Assurance.ConsistentPass : Assurance.ConsistentFail;
        }

        return Assurance.Inconsistent;
    }
}
