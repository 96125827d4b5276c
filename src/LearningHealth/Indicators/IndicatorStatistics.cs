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

/// <summary>
/// One indicator's results, as columns: row <c>i</c> of every array is one unit and period, in the order of the counts
/// they came from. Columns because a run writes millions of rows column by column (<see cref="IndicatorResultsFile"/>);
/// an object per row cost more in allocation than the statistics themselves.
/// </summary>
public sealed class IndicatorResults
{
    public IndicatorResults(string indicatorId, string indicatorVersion, int count)
    {
        IndicatorId = indicatorId;
        IndicatorVersion = indicatorVersion;
        Count = count;
        Level = new AttributionLevel[count];
        Unit = new string[count];
        PeriodStart = new DateOnly[count];
        Numerator = new long[count];
        Denominator = new long[count];
        Value = new double?[count];
        CiLower = new double?[count];
        CiUpper = new double?[count];
        BelowMinimum = new bool[count];
        Suppression = new Suppression[count];
        SpcType = new XmrPointType?[count];
        SpcRule = new SpecialCauseRule?[count];
        SpcMean = new double?[count];
        SpcLower = new double?[count];
        SpcUpper = new double?[count];
        Variation = new XmrPointType?[count];
        Assurance = new Assurance?[count];
        FunnelTarget = new double?[count];
        FunnelLower95 = new double?[count];
        FunnelUpper95 = new double?[count];
        FunnelLower998 = new double?[count];
        FunnelUpper998 = new double?[count];
        FunnelFlag95 = new FunnelFlag?[count];
        FunnelFlag998 = new FunnelFlag?[count];
    }

    public string IndicatorId { get; }
    public string IndicatorVersion { get; }
    public int Count { get; }

    public AttributionLevel[] Level { get; }
    public string[] Unit { get; }
    public DateOnly[] PeriodStart { get; }
    public long[] Numerator { get; }
    public long[] Denominator { get; }

    /// <summary>Numerator / denominator; null when the denominator is 0.</summary>
    public double?[] Value { get; }

    /// <summary>95% Wilson score interval of the value.</summary>
    public double?[] CiLower { get; }
    public double?[] CiUpper { get; }

    /// <summary>The denominator is below the indicator's minimum: no SPC point, no funnel point.</summary>
    public bool[] BelowMinimum { get; }
    public Suppression[] Suppression { get; }

    /// <summary>The SPC point type of this period in the unit's own XmR chart (null if the period is not on the chart).</summary>
    public XmrPointType?[] SpcType { get; }
    public SpecialCauseRule?[] SpcRule { get; }
    public double?[] SpcMean { get; }
    public double?[] SpcLower { get; }
    public double?[] SpcUpper { get; }

    /// <summary>The unit's variation icon (type of its latest SPC point) and assurance against the target.</summary>
    public XmrPointType?[] Variation { get; }
    public Assurance?[] Assurance { get; }

    /// <summary>Funnel plot of the latest period, among the units of the same level (null for earlier periods).</summary>
    public double?[] FunnelTarget { get; }
    public double?[] FunnelLower95 { get; }
    public double?[] FunnelUpper95 { get; }
    public double?[] FunnelLower998 { get; }
    public double?[] FunnelUpper998 { get; }
    public FunnelFlag?[] FunnelFlag95 { get; }
    public FunnelFlag?[] FunnelFlag998 { get; }
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

    public static IndicatorResults Calculate(IndicatorDefinition indicator, IReadOnlyList<UnitPeriodCount> counts, SuppressionPolicy suppression)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(suppression);
        var n = counts.Count;
        var results = new IndicatorResults(indicator.Id, indicator.Version, n);
        for (var i = 0; i < n; i++)
        {
            var c = counts[i];
            if (c.Numerator < 0 || c.Denominator < 0 || c.Numerator > c.Denominator)
            {
                throw new InvalidOperationException(
                    $"Indicator '{indicator.Id}', {Name(c.Level)} '{c.Unit}', period {c.PeriodStart:yyyy-MM-dd}: numerator {c.Numerator} and denominator {c.Denominator} are not a proportion.");
            }

            results.Level[i] = c.Level;
            results.Unit[i] = c.Unit;
            results.PeriodStart[i] = c.PeriodStart;
            results.Numerator[i] = c.Numerator;
            results.Denominator[i] = c.Denominator;
            results.BelowMinimum[i] = c.Denominator < indicator.MinimumDenominator;
            if (c.Denominator > 0)
            {
                var ci = ConfidenceIntervals.WilsonWithZ(c.Numerator, c.Denominator, Z95);
                results.Value[i] = (double)c.Numerator / c.Denominator;
                results.CiLower[i] = ci.Lower;
                results.CiUpper[i] = ci.Upper;
            }
        }

        if (n > 0)
        {
            var grid = new UnitPeriodGrid(counts);
            Suppress(counts, grid, suppression, results);
            Spc(counts, grid, indicator, results);
            Funnel(counts, grid, indicator, results);
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
    private static void Suppress(IReadOnlyList<UnitPeriodCount> counts, UnitPeriodGrid grid, SuppressionPolicy policy, IndicatorResults results)
    {
        // Units in id order within each level and period: when two counts tie for the secondary suppression, the same
        // one is chosen every run, whatever order the database returned the counts in.
        var order = grid.Order(i => grid.Level(i) * grid.Periods + grid.Period[i], UnitPeriodGrid.Levels * grid.Periods, i => grid.Unit[i], grid.Units);
        foreach (var (start, length) in grid.Runs(order, i => (grid.Level(i), grid.Period[i])))
        {
            var numerators = new long[length];
            for (var k = 0; k < length; k++)
            {
                numerators[k] = counts[order[start + k]].Numerator;
            }

            var list = DisclosureControl.SuppressList(numerators, policy);
            for (var k = 0; k < length; k++)
            {
                var i = order[start + k];
                results.Suppression[i] = list.Cells[k] switch
                {
                    CellSuppression.Primary => Suppression.Primary,
                    CellSuppression.Secondary => Suppression.Secondary,
                    _ => policy.IsSmall(counts[i].Denominator) ? Suppression.Primary : Suppression.Shown,
                };
            }
        }
    }

    /// <summary>An XmR chart per unit over the periods at or above the minimum denominator, in time order.</summary>
    private static void Spc(IReadOnlyList<UnitPeriodCount> counts, UnitPeriodGrid grid, IndicatorDefinition indicator, IndicatorResults results)
    {
        var options = new XmrOptions { Improvement = indicator.Improvement, Target = indicator.Target };
        var order = grid.Order(i => grid.Unit[i], grid.Units, i => grid.Period[i], grid.Periods);
        var onChart = new List<int>();
        foreach (var (start, length) in grid.Runs(order, i => grid.Unit[i]))
        {
            onChart.Clear();
            for (var k = start; k < start + length; k++)
            {
                if (OnChart(counts[order[k]], indicator))
                {
                    onChart.Add(order[k]);
                }
            }

            if (onChart.Count == 0)
            {
                continue;
            }

            var chart = XmrChart.Calculate([.. onChart.Select(i => (double)counts[i].Numerator / counts[i].Denominator)], options);
            for (var k = 0; k < onChart.Count; k++)
            {
                var (point, segment) = (chart.Points[k], chart.Segments[chart.Points[k].Segment]);
                var i = onChart[k];
                results.SpcType[i] = point.Type;
                results.SpcRule[i] = point.Rule;
                results.SpcMean[i] = segment.Mean;
                results.SpcLower[i] = segment.LowerProcessLimit;
                results.SpcUpper[i] = segment.UpperProcessLimit;
            }

            for (var k = start; k < start + length; k++)
            {
                results.Variation[order[k]] = chart.Variation;
                results.Assurance[order[k]] = chart.Assurance;
            }
        }
    }

    /// <summary>A Wilson (PHE) funnel per level over the latest period's units at or above the minimum denominator.</summary>
    private static void Funnel(IReadOnlyList<UnitPeriodCount> counts, UnitPeriodGrid grid, IndicatorDefinition indicator, IndicatorResults results)
    {
        var latest = grid.Periods - 1;
        var order = grid.Order(i => grid.Level(i), UnitPeriodGrid.Levels, i => grid.Unit[i], grid.Units,
            i => grid.Period[i] == latest && OnChart(counts[i], indicator));
        foreach (var (start, length) in grid.Runs(order, i => grid.Level(i)))
        {
            var funnel = ProportionFunnel.Fit(
                [.. Enumerable.Range(start, length).Select(k => counts[order[k]]).Select(c => new ProportionUnit(c.Unit, c.Numerator, c.Denominator))],
                ProportionFunnelMethod.Wilson);
            for (var k = 0; k < length; k++)
            {
                var i = order[start + k];
                var unit = funnel.Units[k];
                results.FunnelTarget[i] = funnel.Target;
                results.FunnelLower95[i] = unit.Limits.Lower95;
                results.FunnelUpper95[i] = unit.Limits.Upper95;
                results.FunnelLower998[i] = unit.Limits.Lower998;
                results.FunnelUpper998[i] = unit.Limits.Upper998;
                results.FunnelFlag95[i] = unit.Flag95;
                results.FunnelFlag998[i] = unit.Flag998;
            }
        }
    }

    /// <summary>
    /// The counts' units and periods as small integers, so grouping is a sort of numbers: a unit's number is its rank
    /// among all units ordered by level, then id (ordinal); a period's is its rank in time.
    /// </summary>
    private sealed class UnitPeriodGrid
    {
        private readonly AttributionLevel[] levelOfUnit;

        public UnitPeriodGrid(IReadOnlyList<UnitPeriodCount> counts)
        {
            var n = counts.Count;
            var unitIds = new Dictionary<(AttributionLevel, string), int>();
            var units = new List<(AttributionLevel Level, string Id)>();
            var periodIds = new Dictionary<DateOnly, int>();
            var periods = new List<DateOnly>();
            Unit = new int[n];
            Period = new int[n];
            for (var i = 0; i < n; i++)
            {
                var c = counts[i];
                if (!unitIds.TryGetValue((c.Level, c.Unit), out var unit))
                {
                    unitIds.Add((c.Level, c.Unit), unit = units.Count);
                    units.Add((c.Level, c.Unit));
                }

                if (!periodIds.TryGetValue(c.PeriodStart, out var period))
                {
                    periodIds.Add(c.PeriodStart, period = periods.Count);
                    periods.Add(c.PeriodStart);
                }

                Unit[i] = unit;
                Period[i] = period;
            }

            var unitRank = Ranks(units.Count, (a, b) => units[a].Level != units[b].Level
                ? units[a].Level.CompareTo(units[b].Level)
                : string.CompareOrdinal(units[a].Id, units[b].Id));
            var periodRank = Ranks(periods.Count, (a, b) => periods[a].CompareTo(periods[b]));
            levelOfUnit = new AttributionLevel[units.Count];
            for (var u = 0; u < units.Count; u++)
            {
                levelOfUnit[unitRank[u]] = units[u].Level;
            }

            for (var i = 0; i < n; i++)
            {
                Unit[i] = unitRank[Unit[i]];
                Period[i] = periodRank[Period[i]];
            }

            Units = units.Count;
            Periods = periods.Count;
        }

        /// <summary>Each count's unit rank.</summary>
        public int[] Unit { get; }

        /// <summary>Each count's period rank: 0 is the earliest, <see cref="Periods"/> − 1 the latest.</summary>
        public int[] Period { get; }

        public int Units { get; }
        public int Periods { get; }

        public int Level(int i) => (int)levelOfUnit[Unit[i]];

        /// <summary>The number of attribution levels: the range of <see cref="Level"/>.</summary>
        public static readonly int Levels = Enum.GetValues<AttributionLevel>().Length;

        /// <summary>
        /// The positions of the counts (those <paramref name="include"/>d) ordered by a major, then a minor key, both
        /// ranks below a known count: a stable counting sort by the minor key, then by the major (a two-pass radix sort).
        /// </summary>
        public int[] Order(Func<int, int> major, int majorCount, Func<int, int> minor, int minorCount, Func<int, bool>? include = null)
        {
            var positions = Enumerable.Range(0, Unit.Length);
            var all = include is null ? [.. positions] : positions.Where(include).ToArray();
            return CountingSort(CountingSort(all, minor, minorCount), major, majorCount);
        }

        private static int[] CountingSort(int[] positions, Func<int, int> key, int keyCount)
        {
            var next = new int[keyCount + 1];
            foreach (var i in positions)
            {
                next[key(i) + 1]++;
            }

            for (var k = 0; k < keyCount; k++)
            {
                next[k + 1] += next[k];
            }

            var sorted = new int[positions.Length];
            foreach (var i in positions)
            {
                sorted[next[key(i)]++] = i;
            }

            return sorted;
        }

        /// <summary>Runs of consecutive positions in <paramref name="order"/> with the same group, as (start, length).</summary>
        public IEnumerable<(int Start, int Length)> Runs<TGroup>(int[] order, Func<int, TGroup> group)
        {
            var comparer = EqualityComparer<TGroup>.Default;
            var start = 0;
            for (var k = 1; k <= order.Length; k++)
            {
                if (k == order.Length || !comparer.Equals(group(order[k]), group(order[start])))
                {
                    yield return (start, k - start);
                    start = k;
                }
            }
        }

        private static int[] Ranks(int count, Comparison<int> compare)
        {
            var sorted = Enumerable.Range(0, count).ToArray();
            Array.Sort(sorted, compare);
            var rank = new int[count];
            for (var r = 0; r < count; r++)
            {
                rank[sorted[r]] = r;
            }

            return rank;
        }
    }
}
