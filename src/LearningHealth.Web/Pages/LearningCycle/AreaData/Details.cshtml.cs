using System.Globalization;
using DuckDB.NET.Data;
using LearningHealth.AreaData;
using LearningHealth.Charts;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Security;
using LearningHealth.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.AreaData;

/// <summary>
/// One indicator by the area patients live in. Every role sees the organisation-wide chart by stratum with small
/// numbers hidden; analysts and administrators choose a level and unit, see every count, and see clinicians or sites
/// compared after indirect standardisation by deprivation.
/// </summary>
[Authorize(Policy = Policies.AggregateResults)]
public sealed class AreaIndicatorModel(
    ListAreaData list, StratifyIndicator stratify, StandardiseIndicator standardise, global::LearningHealth.Feedback.PractitionerLinks practitioners, IAuthorizationService authorization, IndicatorCatalog catalog) : PageModel
{
    public IndicatorDefinition? Indicator { get; private set; }
    public bool IsAnalyst { get; private set; }
    public IReadOnlyList<AreaDataSet> DataSets { get; private set; } = [];
    public AreaDataSet? DataSet { get; private set; }
    public string? Measure { get; private set; }
    public string Grouping { get; private set; } = "value";
    public string? Level { get; private set; }
    public string? Unit { get; private set; }
    public string CompareLevel { get; private set; } = "clinician";
    public string? From { get; private set; }
    public string? To { get; private set; }
    public StratifiedIndicator? Stratified { get; private set; }
    public ChartOutput? Chart { get; private set; }
    public bool TotalWithheld { get; private set; }
    public StandardisedComparison? Comparison { get; private set; }
    public ChartOutput? ComparisonChart { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    /// <summary>Team members' names by practitioner key, for analysts' clinician rows; others stay as their key.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(string indicatorId, string? dataset, string? measure, string? grouping, string? level, string? unit, string? compare, string? from, string? to)
    {
        Indicator = catalog.Find(indicatorId);
        if (Indicator is null)
        {
            return NotFound();
        }

        IsAnalyst = (await authorization.AuthorizeAsync(User, Policies.Analyst)).Succeeded;
        try
        {
            DataSets = [.. list.Handle().Select(s => s.DataSet)];
        }
        catch (DuckDBException e)
        {
            Problems = [new Problem($"The analytics store cannot be read just now: {e.Message}")];
            return Page();
        }

        DataSet = DataSets.FirstOrDefault(d => d.Name == dataset) ?? DataSets.FirstOrDefault(d => d.Measures.Any(m => m.Name == ImportAreaData.DeprivationDecileColumn)) ?? DataSets.FirstOrDefault();
        if (DataSet is null)
        {
            return Page();
        }

        Measure = DataSet.Measures.Any(m => m.Name == measure) ? measure
            : DataSet.Measures.Any(m => m.Name == ImportAreaData.DeprivationDecileColumn) ? ImportAreaData.DeprivationDecileColumn
            : DataSet.Measures[0].Name;
        Grouping = grouping == "quintile" ? "quintile" : "value";
        // Everyone but analysts sees the whole organisation only: per-unit strata are too small to publish.
        Level = IsAnalyst && !string.IsNullOrEmpty(level) ? level : null;
        Unit = IsAnalyst && Level is not null && !string.IsNullOrEmpty(unit) ? unit : null;
        CompareLevel = compare == "site" ? "site" : "clinician";
        var problems = new List<Problem>();
        var fromMonth = Month(from, "from", problems);
        var toMonth = Month(to, "to", problems);
        if (problems.Count > 0)
        {
            Problems = problems;
            return Page();
        }

        var outcome = stratify.Handle(new StratifyIndicatorQuery
        {
            IndicatorId = Indicator.Id,
            DataSet = DataSet.Name,
            Measure = Measure!,
            Grouping = Grouping == "quintile" ? StratumGrouping.QuintileOfDecile : StratumGrouping.Value,
            Level = Level,
            Unit = Unit,
            From = fromMonth,
            To = toMonth,
        });
        if (!outcome.Succeeded)
        {
            Problems = outcome.Problems;
            return Page();
        }

        Stratified = outcome.Value!;
        From = Stratified.From?.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        To = Stratified.To?.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (Stratified.Strata.Count > 0)
        {
            var published = IsAnalyst ? new PublishedStrata(PublishStrata.Full(Stratified.Strata), false) : PublishStrata.Suppress(Stratified.Strata, new SuppressionPolicy());
            TotalWithheld = published.TotalWithheld;
            var overall = Stratified.Denominator > 0 && !TotalWithheld ? (double)Stratified.Numerator / Stratified.Denominator : (double?)null;
            var who = Unit is null ? (Level is null ? "all patients" : $"every {Level}") : $"{Level} {Unit}";
            Chart = AreaCharts.Strata(
                $"{Indicator.Title} by {Measure}",
                $"{who}, {Stratified.From:MMM yyyy} to {Stratified.To:MMM yyyy}; {DataSet.Name}{(DataSet.Synthetic ? " (SYNTHETIC area data)" : "")}",
                published.Strata,
                overall);
        }

        if (IsAnalyst && DataSet.Measures.Any(m => m.Name == ImportAreaData.DeprivationDecileColumn) && Indicator.Attribution.Any(a => IndicatorStatistics.Name(a) == CompareLevel))
        {
            var compared = standardise.Handle(new StandardiseIndicatorQuery
            {
                IndicatorId = Indicator.Id,
                DataSet = DataSet.Name,
                Level = CompareLevel,
                From = Stratified.From,
                To = Stratified.To,
            });
            if (compared.Succeeded)
            {
                Comparison = compared.Value;
                if (CompareLevel == "clinician")
                {
                    Names = (await practitioners.AllAsync(HttpContext.RequestAborted))
                        .GroupBy(l => l.PractitionerKey, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First().DisplayName, StringComparer.Ordinal);
                }

                if (Comparison!.Units.Any(u => u.Ratio is not null))
                {
                    ComparisonChart = AreaCharts.RatioFunnel($"{Indicator.Title}, standardised for deprivation", CompareLevel == "site" ? "sites" : "clinicians", Comparison.Units);
                }
            }
            else
            {
                Problems = compared.Problems;
            }
        }

        return Page();
    }

    private static DateOnly? Month(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return month;
        }

        problems.Add(new Problem($"'{text}' is not a month written yyyy-MM.", field));
        return null;
    }
}
