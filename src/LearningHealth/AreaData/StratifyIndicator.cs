using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;

namespace LearningHealth.AreaData;

/// <summary>
/// An indicator split by an area measure of where its patients live: which indicator, which data set and measure,
/// how to group it, for which unit (none: every case) and which periods (default: the latest twelve months).
/// </summary>
public sealed record StratifyIndicatorQuery
{
    public required string IndicatorId { get; init; }
    public required string DataSet { get; init; }
    public string Measure { get; init; } = ImportAreaData.DeprivationDecileColumn;
    public StratumGrouping Grouping { get; init; } = StratumGrouping.Value;

    /// <summary><c>clinician</c>, <c>team</c>, <c>site</c> or <c>organisation</c>; null for every case.</summary>
    public string? Level { get; init; }

    /// <summary>One unit at <see cref="Level"/>; null for every unit at that level.</summary>
    public string? Unit { get; init; }

    /// <summary>First period (its first day), inclusive.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last period (its first day), inclusive.</summary>
    public DateOnly? To { get; init; }

    /// <summary>The indicators to find the id in (default: the built-in library).</summary>
    public IReadOnlyList<IndicatorDefinition>? Library { get; init; }
}

/// <summary>One stratum: cases, numerator cases, the proportion with its 95% Wilson interval (null when there are no cases).</summary>
public sealed record Stratum(string Key, string Label, bool Unknown, long Numerator, long Denominator, double? Proportion, double? CiLower, double? CiUpper);

/// <summary>The strata in order (the "area not known" stratum last), with the totals and the periods covered.</summary>
public sealed record StratifiedIndicator(
    IndicatorDefinition Indicator,
    AreaDataSet DataSet,
    AreaMeasure Measure,
    StratumGrouping Grouping,
    string? Level,
    string? Unit,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyList<Stratum> Strata)
{
    public long Numerator => Strata.Sum(s => s.Numerator);
    public long Denominator => Strata.Sum(s => s.Denominator);

    /// <summary>Cases whose patient lives in an area the data set has a value for.</summary>
    public long LinkedCases => Strata.Where(s => !s.Unknown).Sum(s => s.Denominator);
}

/// <summary>
/// Splits an indicator's cases by an area measure (e.g. deprivation decile, rurality) of the patient's area, and gives
/// numerator, denominator, proportion and a Wilson 95% interval per stratum (<see cref="ConfidenceIntervals.Wilson"/>).
/// Cases whose patient has no postcode, or lives in an area the data set lacks, form the "area not known" stratum,
/// so the strata always add up to the indicator's count.
/// </summary>
public sealed class StratifyIndicator(DatabaseOptions database, IndicatorCatalog catalog)
{
    public Outcome<StratifiedIndicator> Handle(StratifyIndicatorQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Unit is not null && query.Level is null)
        {
            return new Problem("Choose the level the unit belongs to.", "level");
        }

        if (query.From is { } f && query.To is { } t && f > t)
        {
            return new Problem($"The first period ({f:yyyy-MM}) is after the last ({t:yyyy-MM}).", "from");
        }

        var prepared = AreaCases.Prepare(AnalyticsDatabase.PathIn(database.DataDirectory), query.Library ?? catalog.All, query.IndicatorId, query.DataSet, query.Measure, query.Grouping, query.Level);
        if (!prepared.Succeeded)
        {
            return Outcome<StratifiedIndicator>.Fail(prepared.Problems);
        }

        using var context = prepared.Value!;
        var counts = AreaCases.Count(context, query.Grouping, query.Level);
        var range = AreaCases.Range(counts, query.From, query.To);
        var chosen = counts
            .Where(c => range is { } r && c.Period >= r.From && c.Period <= r.To)
            .Where(c => query.Level is null || (c.Unit is not null && (query.Unit is null || c.Unit == query.Unit)))
            .ToList();
        if (query.Unit is not null && counts.All(c => c.Unit != query.Unit))
        {
            return new Problem($"There is no {query.Level} '{query.Unit}' in {context.Indicator.Id}.", "unit", ProblemKind.NotFound);
        }

        var strata = AreaCases.Ordered(chosen.GroupBy(c => c.StratumKey), g => g.Key, context.Measure, query.Grouping)
            .Select(g =>
            {
                var key = AreaCases.Describe(g.Key, context.Measure, query.Grouping);
                var numerator = g.Sum(c => c.Numerator);
                var denominator = g.Sum(c => c.Denominator);
                var ci = denominator > 0 ? ConfidenceIntervals.Wilson(numerator, denominator) : (Interval?)null;
                return new Stratum(key.Key, key.Label, key.Unknown, numerator, denominator,
                    denominator > 0 ? (double)numerator / denominator : null, ci?.Lower, ci?.Upper);
            })
            .ToList();
        return Outcome<StratifiedIndicator>.Ok(new StratifiedIndicator(
            context.Indicator, context.DataSet, context.Measure, query.Grouping, query.Level, query.Unit, range?.From, range?.To, strata));
    }
}
