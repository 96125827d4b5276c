using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

/// <summary>Aggregate results for every indicator, or for one.</summary>
public sealed record GetAggregateResultsQuery(string? IndicatorId = null);

/// <summary>
/// One organisation or site result in one period as it may be published. When the stored flag is anything but
/// <c>shown</c>, the numerator and everything derived from it (value, interval, funnel position) are null and
/// <see cref="Suppressed"/> is true; the denominator is withheld too, because a small denominator is itself a reason
/// to suppress.
/// </summary>
public sealed record AggregateRow(string Level, string Unit, DateOnly PeriodStart, long? Numerator, long? Denominator, double? Value,
    double? CiLower, double? CiUpper, FunnelFlag? Flag95, FunnelFlag? Flag998, bool Suppressed, bool Charted);

public sealed record AggregateIndicator(IndicatorDefinition Indicator, DateOnly? LatestPeriod, IReadOnlyList<AggregateRow> Organisation, IReadOnlyList<AggregateRow> Sites)
{
    /// <summary>The latest period's row of each organisation in the data (usually one).</summary>
    public IReadOnlyList<AggregateRow> LatestOrganisations => [.. Organisation.Where(r => r.PeriodStart == LatestPeriod)];
    public IReadOnlyList<AggregateRow> LatestSites => [.. Sites.Where(r => r.PeriodStart == LatestPeriod)];
}

public sealed record AggregateResults(Freshness Freshness, IReadOnlyList<AggregateIndicator> Indicators);

/// <summary>
/// Organisation and site results for everyone, patient partners included. Small counts are withheld according to
/// the <c>suppression</c> flags stored with each result (<see cref="DisclosureControl.SuppressList"/>: primary
/// suppression of counts 1–7 and secondary suppression so a hidden count cannot be recovered from the total); this
/// handler never returns a suppressed numerator or a value derived from one.
/// </summary>
public sealed class GetAggregateResults(DatabaseOptions database, TimeProvider clock, IndicatorCatalog catalog)
{
    public Guarded<AggregateResults> Handle(GetAggregateResultsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var indicators = catalog.All.Where(i => query.IndicatorId is null || i.Id == query.IndicatorId).ToList();
        if (indicators.Count == 0)
        {
            return Guarded<AggregateResults>.NotFound($"There is no indicator '{query.IndicatorId}'.");
        }

        var path = AnalyticsDatabase.PathIn(database.DataDirectory);
        var result = new List<AggregateIndicator>();
        foreach (var indicator in indicators)
        {
            var rows = ReadIndicatorResults.ForIndicator(path, indicator.Id)
                .Where(r => r.Level is "organisation" or "site")
                .Select(Publish)
                .ToList();
            DateOnly? latest = rows.Count == 0 ? null : rows.Max(r => r.PeriodStart);
            result.Add(new AggregateIndicator(indicator, latest,
                [.. rows.Where(r => r.Level == "organisation").OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.PeriodStart)],
                [.. rows.Where(r => r.Level == "site").OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.PeriodStart)]));
        }

        return Guarded<AggregateResults>.Ok(new AggregateResults(DataFreshness.Read(path, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)), result));
    }

    public static AggregateRow Publish(StoredResult row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return StoredFlags.Publishable(row)
            ? new AggregateRow(row.Level, row.Unit, row.PeriodStart, row.Numerator, row.Denominator, row.Value, row.CiLower, row.CiUpper,
                StoredFlags.Flag(row.FunnelFlag95), StoredFlags.Flag(row.FunnelFlag998), false, StoredFlags.Charted(row))
            : new AggregateRow(row.Level, row.Unit, row.PeriodStart, null, null, null, null, null, null, null, true, false);
    }
}
