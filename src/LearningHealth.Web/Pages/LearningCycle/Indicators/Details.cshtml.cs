using System.Text;
using LearningHealth.Audit;
using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Security;
using LearningHealth.Statistics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Web.Pages.LearningCycle.Indicators;

/// <summary>
/// One indicator for analysts: the latest period as a funnel plot of the units at a level, an SPC chart for a chosen
/// unit, the data tables, downloads as SVG and CSV, and a button to run the computation.
/// </summary>
[Authorize(Policy = Policies.Analyst)]
public sealed class IndicatorModel(DatabaseOptions database, ComputeIndicatorsInBackground computations, AppDbContext db, IndicatorCatalog catalog) : PageModel
{
    public IndicatorDefinition Indicator { get; private set; } = null!;
    public string Level { get; private set; } = "clinician";
    public IReadOnlyList<string> Levels { get; private set; } = [];
    public IReadOnlyList<string> Units { get; private set; } = [];
    public string? Unit { get; private set; }
    public DateOnly? LatestPeriod { get; private set; }
    public ChartOutput? Funnel { get; private set; }
    public ChartOutput? Spc { get; private set; }
    public StoredRun? Run { get; private set; }
    public string? Message { get; private set; }

    /// <summary>The background computation: running since when, and how the last one ended.</summary>
    public IndicatorComputationState Computation { get; private set; } = new(null, null, null);

    /// <summary>What to show for a unit: an initiative's title for a team (its unit id is the initiative's id), else the id.</summary>
    public string UnitLabel(string unit) => teamTitles.GetValueOrDefault(unit, unit);

    private Dictionary<string, string> teamTitles = [];

    private string DatabasePath => AnalyticsDatabase.PathIn(database.DataDirectory);

    public IActionResult OnGet(string id, string? level, string? unit) => Load(id, level, unit) ? Page() : NotFound();

    /// <summary>Downloads a chart as SVG or its data as CSV: <c>?handler=Download&amp;chart=funnel|spc&amp;format=svg|png|csv</c>.</summary>
    public IActionResult OnGetDownload(string id, string? level, string? unit, string chart, string format)
    {
        if (!Load(id, level, unit))
        {
            return NotFound();
        }

        var output = chart == "spc" ? Spc : Funnel;
        if (output is null)
        {
            return NotFound();
        }

        var name = $"{Indicator.Id}-{chart}{(chart == "spc" ? "-" + Unit : "")}";
        return format switch
        {
            "csv" => File(Encoding.UTF8.GetBytes(output.ToCsv()), "text/csv", name + ".csv"),
            "png" => File(output.ToPng(), "image/png", name + ".png"),
            _ => File(Encoding.UTF8.GetBytes(output.Svg), "image/svg+xml", name + ".svg"),
        };
    }

    public IActionResult OnPostCompute(string id, string? level, string? unit, bool force)
    {
        if (catalog.All.All(i => i.Id != id))
        {
            return NotFound();
        }

        TempData["Message"] = computations.TryStart(force, AuditActor.From(User), $"the page of {id}")
            ? "The computation has started; this page shows how it ended when it has finished."
            : "A computation is already running; this page shows how it ended when it has finished.";
        return Redirect($"/learning-cycle/indicators/{id}?level={Uri.EscapeDataString(level ?? "clinician")}" + (unit is null ? "" : $"&unit={Uri.EscapeDataString(unit)}"));
    }

    private bool Load(string id, string? level, string? unit)
    {
        var indicator = catalog.Find(id);
        if (indicator is null)
        {
            return false;
        }

        Indicator = indicator;
        Message = TempData["Message"] as string;
        Computation = computations.State;
        // Teams: from the indicator's own attribution, or from team membership for indicators attributed to clinicians.
        var teamLevel = IndicatorStatistics.Name(AttributionLevel.Team);
        Levels = [.. indicator.Attribution.Select(IndicatorStatistics.Name)];
        if (!Levels.Contains(teamLevel) && ReadIndicatorResults.ForIndicator(DatabasePath, id, teamLevel).Count > 0)
        {
            Levels = [.. Levels, teamLevel];
        }
        Level = level is not null && Levels.Contains(level) ? level : Levels[0];
        Run = ReadIndicatorResults.LatestRuns(DatabasePath).GetValueOrDefault(id);
        var rows = ReadIndicatorResults.ForIndicator(DatabasePath, id, Level);
        if (rows.Count == 0)
        {
            return true;
        }

        if (Level == teamLevel)
        {
            teamTitles = db.Initiatives.AsNoTracking().Select(i => new { i.Id, i.Title }).AsEnumerable().ToDictionary(i => i.Id.ToString(), i => i.Title);
        }

        LatestPeriod = rows.Max(r => r.PeriodStart);
        var latest = rows.Where(r => r.PeriodStart == LatestPeriod && !r.BelowMinimum && r.Denominator > 0).ToList();
        Units = [.. rows.Select(r => r.Unit).Distinct().Order(StringComparer.Ordinal)];
        Unit = unit is not null && Units.Contains(unit) ? unit : latest.OrderByDescending(r => r.Denominator).Select(r => r.Unit).FirstOrDefault() ?? Units[0];
        if (latest.Count > 0)
        {
            Funnel = FunnelChart.Render(new FunnelChartRequest
            {
                Title = $"{indicator.Title}, {LatestPeriod:MMMM yyyy}",
                Units = [.. latest.Select(r => new ProportionUnit(UnitLabel(r.Unit), r.Numerator, r.Denominator))],
                Highlight = UnitLabel(Unit),
                UnitsLabel = Level == "clinician" ? "clinicians" : Level + "s",
            });
        }

        var series = rows.Where(r => r.Unit == Unit && !r.BelowMinimum && r.Value is not null).OrderBy(r => r.PeriodStart).ToList();
        if (series.Count > 0)
        {
            Spc = SpcChart.Render(new SpcChartRequest
            {
                Title = $"{indicator.Title}: {UnitLabel(Unit)}",
                Points = [.. series.Select(r => new SpcChartPoint(r.PeriodStart, r.Value!.Value, r.Numerator, r.Denominator))],
                Options = new XmrOptions { Improvement = indicator.Improvement, Target = indicator.Target },
            });
        }

        return true;
    }
}
