using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;

namespace LearningHealth.AreaData;

/// <summary>
/// Compare the units of a level (clinicians, sites) after allowing for the deprivation of where their patients live:
/// the data set and its decile measure, quintiles or deciles as strata, and the periods (default: latest twelve months).
/// </summary>
public sealed record StandardiseIndicatorQuery
{
    public required string IndicatorId { get; init; }
    public required string DataSet { get; init; }
    public string Measure { get; init; } = ImportAreaData.DeprivationDecileColumn;
    public StratumGrouping Grouping { get; init; } = StratumGrouping.Value;
    public string Level { get; init; } = "clinician";
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }

    /// <summary>The indicators to find the id in (default: the built-in library).</summary>
    public IReadOnlyList<IndicatorDefinition>? Library { get; init; }
}

/// <summary>A unit's cases and numerator cases in one stratum: the input of indirect standardisation.</summary>
public sealed record UnitStratumCount(string Unit, string Stratum, long Numerator, long Denominator);

/// <summary>Which interval the observed count's limits come from.</summary>
public enum RatioIntervalMethod
{
    /// <summary>Byar's approximation (observed count of 10 or more).</summary>
    Byar,

    /// <summary>Exact Poisson limits from chi-square quantiles (observed count below 10).</summary>
    Exact,
}

/// <summary>
/// One unit after indirect standardisation: observed (numerator) and cases (denominator), expected numerator from the
/// reference proportions, the ratio O/E with its 95% interval, the crude proportion with its Wilson interval, and
/// the indirectly standardised proportion (ratio × overall proportion) with its interval; and where the ratio lies on
/// a funnel of ratios (<see cref="RatioFunnel"/>, flags against the 95% and 99.8% limits at its expected count).
/// </summary>
public sealed record StandardisedUnit(
    string Unit,
    long Observed,
    long Cases,
    double Expected,
    double? Ratio,
    double? RatioLower,
    double? RatioUpper,
    RatioIntervalMethod Method,
    double Crude,
    double CrudeLower,
    double CrudeUpper,
    double? Adjusted,
    double? AdjustedLower,
    double? AdjustedUpper,
    FunnelControlLimits? Limits,
    FunnelFlag? Flag95,
    FunnelFlag? Flag998);

/// <summary>A reference stratum: all units' cases, numerator cases and proportion.</summary>
public sealed record ReferenceStratum(string Key, string Label, long Numerator, long Denominator, double Proportion);

/// <summary>The standardised comparison of every unit at a level.</summary>
public sealed record StandardisedComparison(
    IndicatorDefinition? Indicator,
    AreaDataSet? DataSet,
    string Level,
    DateOnly? From,
    DateOnly? To,
    double OverallProportion,
    IReadOnlyList<ReferenceStratum> Reference,
    IReadOnlyList<StandardisedUnit> Units);

/// <summary>
/// Indirect standardisation of an indicator by the deprivation of patients' areas. For each unit u at the level:
/// expected Eᵤ = Σₛ nᵤₛ · pₛ, where nᵤₛ is the unit's cases in stratum s and pₛ the reference proportion in s (all
/// units' numerator cases over all units' cases in s); the ratio Rᵤ = Oᵤ / Eᵤ with Oᵤ the unit's numerator; and the
/// indirectly standardised proportion Rᵤ · P, where P is the overall proportion (all numerator cases over all cases).
/// </summary>
/// <remarks>
/// <para>
/// Sources: Public Health England (now the Office for Health Improvement and Disparities), Fingertips technical
/// guides "Confidence intervals" and "Indirectly standardised ratios"; Association of Public Health Observatories,
/// "Technical Briefing 3: Commonly used public health statistics and their confidence intervals" (APHO, 2008). There:
/// E = Σ nᵢ·Rᵢ over strata with the reference population's rates Rᵢ; the ratio O/E; its confidence limits are the
/// limits of the observed count O, treated as Poisson, divided by E; the indirectly standardised rate is the ratio
/// × the reference population's crude rate. The limits of O are Byar's approximation
/// (<see cref="ConfidenceIntervals.Byar"/>; Breslow &amp; Day 1987), with exact Poisson limits
/// (<see cref="ConfidenceIntervals.ExactPoisson"/>) for O below 10, as the guide advises and PHEindicatormethods
/// (<c>phe_isr</c> / <c>calculate_ISRatio</c>) does.
/// </para>
/// <para>
/// Cases whose area is not known form their own stratum, so every case counts and Σ Eᵤ = Σ Oᵤ (the reference is the
/// units themselves). Expected counts are exact sums of products; no rounding is done before the ratio.
/// </para>
/// </remarks>
public sealed class StandardiseIndicator(DatabaseOptions database, IndicatorCatalog catalog)
{
    /// <summary>Below this observed count the exact Poisson limits replace Byar's approximation (PHE's practice).</summary>
    public const int ByarMinimum = 10;

    public Outcome<StandardisedComparison> Handle(StandardiseIndicatorQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From is { } f && query.To is { } t && f > t)
        {
            return new Problem($"The first period ({f:yyyy-MM}) is after the last ({t:yyyy-MM}).", "from");
        }

        var prepared = AreaCases.Prepare(AnalyticsDatabase.PathIn(database.DataDirectory), query.Library ?? catalog.All, query.IndicatorId, query.DataSet, query.Measure, query.Grouping, query.Level);
        if (!prepared.Succeeded)
        {
            return Outcome<StandardisedComparison>.Fail(prepared.Problems);
        }

        using var context = prepared.Value!;
        var counts = AreaCases.Count(context, query.Grouping, query.Level);
        var range = AreaCases.Range(counts, query.From, query.To);
        var input = counts
            .Where(c => c.Unit is not null && range is { } r && c.Period >= r.From && c.Period <= r.To)
            .GroupBy(c => (c.Unit!, c.StratumKey))
            .Select(g => new UnitStratumCount(g.Key.Item1, g.Key.StratumKey, g.Sum(c => c.Numerator), g.Sum(c => c.Denominator)))
            .ToList();
        var result = Calculate(input, key => AreaCases.Describe(key, context.Measure, query.Grouping).Label);
        var reference = AreaCases.Ordered(result.Reference, s => s.Key, context.Measure, query.Grouping).ToList();
        return Outcome<StandardisedComparison>.Ok(result with
        {
            Indicator = context.Indicator,
            DataSet = context.DataSet,
            Level = query.Level,
            From = range?.From,
            To = range?.To,
            Reference = reference,
        });
    }

    /// <summary>The standardisation itself, on counts per unit and stratum; units in name order.</summary>
    public static StandardisedComparison Calculate(IReadOnlyList<UnitStratumCount> counts, Func<string, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var c in counts)
        {
            if (c.Denominator < 0 || c.Numerator < 0 || c.Numerator > c.Denominator)
            {
                throw new ArgumentException($"Unit '{c.Unit}', stratum '{c.Stratum}': the numerator ({c.Numerator}) must be between 0 and the denominator ({c.Denominator}).");
            }
        }

        var reference = counts.GroupBy(c => c.Stratum, StringComparer.Ordinal)
            .Where(g => g.Sum(c => c.Denominator) > 0)
            .Select(g =>
            {
                var numerator = g.Sum(c => c.Numerator);
                var denominator = g.Sum(c => c.Denominator);
                return new ReferenceStratum(g.Key, label?.Invoke(g.Key) ?? g.Key, numerator, denominator, (double)numerator / denominator);
            })
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var rates = reference.ToDictionary(s => s.Key, s => s.Proportion, StringComparer.Ordinal);
        var totalCases = counts.Sum(c => c.Denominator);
        var overall = totalCases > 0 ? (double)counts.Sum(c => c.Numerator) / totalCases : 0;

        var units = counts.Where(c => c.Denominator > 0).GroupBy(c => c.Unit, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var observed = g.Sum(c => c.Numerator);
                var cases = g.Sum(c => c.Denominator);
                var expected = g.Sum(c => c.Denominator * rates[c.Stratum]);
                var method = observed >= ByarMinimum ? RatioIntervalMethod.Byar : RatioIntervalMethod.Exact;
                var crude = ConfidenceIntervals.Wilson(observed, cases);
                if (expected <= 0)
                {
                    // Every reference stratum the unit has cases in had no numerator cases: no ratio can be formed.
                    return new StandardisedUnit(g.Key, observed, cases, expected, null, null, null, method,
                        (double)observed / cases, crude.Lower, crude.Upper, null, null, null, null, null, null);
                }

                var limits = method == RatioIntervalMethod.Byar ? ConfidenceIntervals.Byar(observed) : ConfidenceIntervals.ExactPoisson(observed);
                var ratio = observed / expected;
                var (lower, upper) = (limits.Lower / expected, limits.Upper / expected);
                return new StandardisedUnit(g.Key, observed, cases, expected, ratio, lower, upper, method,
                    (double)observed / cases, crude.Lower, crude.Upper, ratio * overall, lower * overall, upper * overall, null, null, null);
            })
            .ToList();

        var funnelUnits = units.Where(u => u.Ratio is not null).Select(u => new RatioUnit(u.Unit, u.Observed, u.Expected)).ToList();
        if (funnelUnits.Count > 0)
        {
            var funnel = RatioFunnel.Fit(funnelUnits).Units.ToDictionary(u => u.Name, StringComparer.Ordinal);
            units = [.. units.Select(u => funnel.TryGetValue(u.Unit, out var point) ? u with { Limits = point.Limits, Flag95 = point.Flag95, Flag998 = point.Flag998 } : u)];
        }

        return new StandardisedComparison(null, null, "", null, null, overall, reference, units);
    }
}
