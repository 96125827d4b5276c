using System.Text.Json;
using LearningHealth.Statistics;

namespace LearningHealth.Indicators;

/// <summary>The counts for one unit in one period, as the indicator's SQL produced them.</summary>
public readonly record struct UnitPeriodCount(AttributionLevel Level, string Unit, DateOnly PeriodStart, long Numerator, long Denominator);

/// <summary>Whether a count may be published, after small-number suppression.</summary>
public enum Suppression
{
    Shown,
    Primary,
    Secondary,
}

/// <summary>One indicator's result for one unit and period, with its statistics.</summary>
public sealed record IndicatorResult
{
    public required string IndicatorId { get; init; }
    public required string IndicatorVersion { get; init; }
    public required AttributionLevel Level { get; init; }
    public required string Unit { get; init; }
    public required DateOnly PeriodStart { get; init; }
    public required long Numerator { get; init; }
    public required long Denominator { get; init; }

    /// <summary>Numerator / denominator; null when the denominator is 0.</summary>
    public double? Value { get; init; }

    /// <summary>95% Wilson score interval of the value.</summary>
    public double? CiLower { get; init; }
    public double? CiUpper { get; init; }

    /// <summary>The denominator is below the indicator's minimum: no SPC point, no funnel point.</summary>
    public bool BelowMinimum { get; init; }
    public Suppression Suppression { get; init; }

    /// <summary>The SPC point type of this period in the unit's own XmR chart (null if the period is not on the chart).</summary>
    public XmrPointType? SpcType { get; init; }
    public SpecialCauseRule? SpcRule { get; init; }
    public double? SpcMean { get; init; }
    public double? SpcLower { get; init; }
    public double? SpcUpper { get; init; }

    /// <summary>The unit's variation icon (type of its latest SPC point) and assurance against the target.</summary>
    public XmrPointType? Variation { get; init; }
    public Assurance? Assurance { get; init; }

    /// <summary>Funnel plot of the latest period, among the units of the same level (null for earlier periods).</summary>
    public double? FunnelTarget { get; init; }
    public FunnelControlLimits? FunnelLimits { get; init; }
    public FunnelFlag? FunnelFlag95 { get; init; }
    public FunnelFlag? FunnelFlag998 { get; init; }
}

/// <summary>
/// The statistics of an indicator from its counts: value and Wilson interval for every unit and period, an XmR
/// chart per unit over its periods, a funnel plot per attribution level for the latest period, and small-number
/// suppression per level and period. The methods are those of <c>LearningHealth.Statistics</c>.
/// </summary>
public static class IndicatorStatistics
{
    /// <summary>z for the 95% Wilson interval, computed once: the quantile function is the slow part of an interval.</summary>
    private static readonly double Z95 = ConfidenceIntervals.ZFor(0.95);

    /// <summary>Names as stored and shown: <c>special_cause_improvement</c>, <c>consistent_pass</c>, <c>clinician</c>.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static IReadOnlyList<IndicatorResult> Calculate(IndicatorDefinition indicator, IReadOnlyList<UnitPeriodCount> counts, SuppressionPolicy suppression)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(suppression);
        if (counts.Count == 0)
        {
            return [];
        }

        // Each statistic fills an array by position; the results are built once at the end.
        var n = counts.Count;
        foreach (var c in counts)
        {
            if (c.Numerator < 0 || c.Denominator < 0 || c.Numerator > c.Denominator)
            {
                throw new InvalidOperationException(
                    $"Indicator '{indicator.Id}', {Name(c.Level)} '{c.Unit}', period {c.PeriodStart:yyyy-MM-dd}: numerator {c.Numerator} and denominator {c.Denominator} are not a proportion.");
            }
        }

        var suppressed = Suppress(counts, suppression);
        var (spc, units) = Spc(counts, indicator);
        var funnel = Funnel(counts, indicator);
        var results = new IndicatorResult[n];
        for (var i = 0; i < n; i++)
        {
            var c = counts[i];
            var ci = c.Denominator > 0 ? ConfidenceIntervals.WilsonWithZ(c.Numerator, c.Denominator, Z95) : (Interval?)null;
            var point = spc[i];
            var unit = units[i];
            var f = funnel[i];
            results[i] = new IndicatorResult
            {
                IndicatorId = indicator.Id,
                IndicatorVersion = indicator.Version,
                Level = c.Level,
                Unit = c.Unit,
                PeriodStart = c.PeriodStart,
                Numerator = c.Numerator,
                Denominator = c.Denominator,
                Value = c.Denominator > 0 ? (double)c.Numerator / c.Denominator : null,
                CiLower = ci?.Lower,
                CiUpper = ci?.Upper,
                BelowMinimum = c.Denominator < indicator.MinimumDenominator,
                Suppression = suppressed[i],
                SpcType = point?.Point.Type,
                SpcRule = point?.Point.Rule,
                SpcMean = point?.Segment.Mean,
                SpcLower = point?.Segment.LowerProcessLimit,
                SpcUpper = point?.Segment.UpperProcessLimit,
                Variation = unit?.Variation,
                Assurance = unit?.Assurance,
                FunnelTarget = f?.Target,
                FunnelLimits = f?.Unit.Limits,
                FunnelFlag95 = f?.Unit.Flag95,
                FunnelFlag998 = f?.Unit.Flag998,
            };
        }

        return results;
    }

    private static bool OnChart(UnitPeriodCount c, IndicatorDefinition indicator) =>
        c.Denominator > 0 && c.Denominator >= indicator.MinimumDenominator;

    /// <summary>
    /// Per level and period, the numerators of the units are a list whose total (the sum over the level) is
    /// published, so a single hidden count needs a partner (<see cref="DisclosureControl.SuppressList"/>). A
    /// small denominator is hidden as well.
    /// </summary>
    private static Suppression[] Suppress(IReadOnlyList<UnitPeriodCount> counts, SuppressionPolicy policy)
    {
        var cells = new Suppression[counts.Count];
        foreach (var group in Enumerable.Range(0, counts.Count).GroupBy(i => (counts[i].Level, counts[i].PeriodStart)))
        {
            // Units in id order: when two counts tie for the secondary suppression, the same one is chosen every run,
            // whatever order the database returned the counts in.
            var indexes = group.OrderBy(i => counts[i].Unit, StringComparer.Ordinal).ToArray();
            var list = DisclosureControl.SuppressList([.. indexes.Select(i => counts[i].Numerator)], policy);
            for (var k = 0; k < indexes.Length; k++)
            {
                cells[indexes[k]] = list.Cells[k] switch
                {
                    CellSuppression.Primary => Suppression.Primary,
                    CellSuppression.Secondary => Suppression.Secondary,
                    _ => policy.IsSmall(counts[indexes[k]].Denominator) ? Suppression.Primary : Suppression.Shown,
                };
            }
        }

        return cells;
    }

    /// <summary>An XmR chart per unit over the periods at or above the minimum denominator, in time order.</summary>
    private static ((XmrPoint Point, XmrSegment Segment)?[] Points, XmrChartResult?[] Units) Spc(IReadOnlyList<UnitPeriodCount> counts, IndicatorDefinition indicator)
    {
        var points = new (XmrPoint, XmrSegment)?[counts.Count];
        var charts = new XmrChartResult?[counts.Count];
        var options = new XmrOptions { Improvement = indicator.Improvement, Target = indicator.Target };
        foreach (var unit in Enumerable.Range(0, counts.Count).GroupBy(i => (counts[i].Level, counts[i].Unit)))
        {
            var onChart = unit.Where(i => OnChart(counts[i], indicator)).OrderBy(i => counts[i].PeriodStart).ToArray();
            if (onChart.Length == 0)
            {
                continue;
            }

            var chart = XmrChart.Calculate([.. onChart.Select(i => (double)counts[i].Numerator / counts[i].Denominator)], options);
            for (var k = 0; k < onChart.Length; k++)
            {
                points[onChart[k]] = (chart.Points[k], chart.Segments[chart.Points[k].Segment]);
            }

            foreach (var i in unit)
            {
                charts[i] = chart;
            }
        }

        return (points, charts);
    }

    /// <summary>A Wilson (PHE) funnel per level over the latest period's units at or above the minimum denominator.</summary>
    private static (double Target, FunnelUnit Unit)?[] Funnel(IReadOnlyList<UnitPeriodCount> counts, IndicatorDefinition indicator)
    {
        var result = new (double, FunnelUnit)?[counts.Count];
        var latest = counts.Max(c => c.PeriodStart);
        foreach (var level in Enumerable.Range(0, counts.Count)
            .Where(i => counts[i].PeriodStart == latest && OnChart(counts[i], indicator))
            .GroupBy(i => counts[i].Level))
        {
            var indexes = level.ToArray();
            var funnel = ProportionFunnel.Fit(
                [.. indexes.Select(i => new ProportionUnit(counts[i].Unit, counts[i].Numerator, counts[i].Denominator))],
                ProportionFunnelMethod.Wilson);
            for (var k = 0; k < indexes.Length; k++)
            {
                result[indexes[k]] = (funnel.Target, funnel.Units[k]);
            }
        }

        return result;
    }
}
