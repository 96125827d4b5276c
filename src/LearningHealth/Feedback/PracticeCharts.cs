using LearningHealth.Charts;
using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

/// <summary>The charts of feedback pages, drawn by <see cref="SpcChart"/> and <see cref="FunnelChart"/> from the handlers' results.</summary>
public static class PracticeCharts
{
    /// <summary>
    /// The clinician's own SPC chart: re-based at each definition change that re-bases the indicator, with each of
    /// their feedback actions noted at the first charted month on or after its start date.
    /// </summary>
    public static ChartOutput? Spc(PracticeIndicator practice, IReadOnlyList<PracticeAction>? actions = null)
    {
        ArgumentNullException.ThrowIfNull(practice);
        var points = practice.Periods.Where(StoredFlags.Charted)
            .Select(r => new SpcChartPoint(r.PeriodStart, r.Value!.Value, r.Numerator, r.Denominator)).ToList();
        if (points.Count == 0)
        {
            return null;
        }

        var notes = new Dictionary<DateOnly, string>();
        foreach (var action in actions ?? [])
        {
            var at = points.FirstOrDefault(p => p.Period >= new DateOnly(action.StartDate.Year, action.StartDate.Month, 1));
            if (at is not null)
            {
                notes[at.Period] = notes.TryGetValue(at.Period, out var text) ? $"{text}; {action.Action}" : $"Action: {action.Action}";
            }
        }

        var request = new SpcChartRequest
        {
            Title = $"{practice.Indicator.Title}: your practice",
            Points = points,
            Options = new XmrOptions { Improvement = practice.Indicator.Improvement, Target = practice.Indicator.Target, RebaseAt = practice.RebaseAt },
            Annotations = notes,
        };
        var key = string.Join('|', "spc", request.Title, request.Options.Improvement, request.Options.Target, string.Join(',', practice.RebaseAt),
            string.Join(',', points.Select(p => $"{p.Period:yyyy-MM}:{p.Numerator}/{p.Denominator}")),
            string.Join(',', notes.OrderBy(n => n.Key).Select(n => $"{n.Key:yyyy-MM}:{n.Value}")));
        return Drawn(key, () => Scalable(SpcChart.Render(request)));
    }

    // Drawing is most of a feedback page's work, and the same clinician's charts are the same until the indicators
    // are recomputed or an action is added: each drawn chart is kept, keyed by everything it is drawn from.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChartOutput> DrawnCharts = new(StringComparer.Ordinal);
    private const int MostCharts = 4000;

    private static ChartOutput Drawn(string key, Func<ChartOutput> draw)
    {
        if (DrawnCharts.TryGetValue(key, out var chart))
        {
            return chart;
        }

        if (DrawnCharts.Count >= MostCharts)
        {
            DrawnCharts.Clear(); // bounded memory: start again rather than track use
        }

        return DrawnCharts.GetOrAdd(key, _ => draw());
    }

    /// <summary>The latest period's funnel of clinicians, the viewer's own point highlighted as "You", peers anonymous.</summary>
    public static ChartOutput? Funnel(PracticeIndicator practice, DateOnly? period = null)
    {
        ArgumentNullException.ThrowIfNull(practice);
        if (practice.Funnel.Count == 0)
        {
            return null;
        }

        var when = period ?? practice.Latest.PeriodStart;
        var request = new FunnelChartRequest
        {
            Title = $"{practice.Indicator.Title}, {Interpretation.MonthName(when)}",
            Units = [.. practice.Funnel.Select(p => new ProportionUnit(p.Label, p.Numerator, p.Denominator))],
            Highlight = "You",
            UnitsLabel = "clinicians",
        };
        var key = string.Join('|', "funnel", request.Title, string.Join(',', practice.Funnel.Select(p => $"{p.Label}:{p.Numerator}/{p.Denominator}")));
        return Drawn(key, () => Scalable(FunnelChart.Render(request)));
    }

    /// <summary>A team's SPC chart from its summed counts.</summary>
    public static ChartOutput? Team(TeamResults team)
    {
        ArgumentNullException.ThrowIfNull(team);
        var points = team.Periods.Where(p => p.Charted).Select(p => new SpcChartPoint(p.PeriodStart, p.Value!.Value, p.Numerator, p.Denominator)).ToList();
        return points.Count == 0 ? null : Scalable(SpcChart.Render(new SpcChartRequest
        {
            Title = $"{team.Indicator.Title}: {team.Team.Title} team",
            Points = points,
            Options = new XmrOptions { Improvement = team.Indicator.Improvement, Target = team.Indicator.Target },
        }));
    }

    /// <summary>An aggregate SPC chart over the published (unsuppressed, charted) periods only.</summary>
    public static ChartOutput? Aggregate(AggregateIndicator indicator, IReadOnlyList<AggregateRow> rows, string name)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(rows);
        var points = rows.Where(r => r.Charted && !r.Suppressed).Select(r => new SpcChartPoint(r.PeriodStart, r.Value!.Value, r.Numerator, r.Denominator)).ToList();
        return points.Count == 0 ? null : Scalable(SpcChart.Render(new SpcChartRequest
        {
            Title = $"{indicator.Indicator.Title}: {name}",
            Points = points,
            Options = new XmrOptions { Improvement = indicator.Indicator.Improvement, Target = indicator.Indicator.Target },
        }));
    }

    /// <summary>
    /// Gives the chart's root element a viewBox matching its size, so that a card narrower than the chart shrinks
    /// it instead of cropping it (the exporter writes only a fixed width and height).
    /// </summary>
    public static ChartOutput Scalable(ChartOutput chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var open = chart.Svg.IndexOf("<svg", StringComparison.Ordinal);
        var close = open < 0 ? -1 : chart.Svg.IndexOf('>', open);
        if (close < 0 || chart.Svg[open..close].Contains("viewBox", StringComparison.Ordinal))
        {
            return chart;
        }

        var head = chart.Svg[open..close];
        var width = Attribute(head, "width");
        var height = Attribute(head, "height");
        return width is null || height is null ? chart
            : chart with { Svg = chart.Svg[..open] + head + $" viewBox=\"0 0 {width} {height}\"" + chart.Svg[close..] };
    }

    private static string? Attribute(string tag, string name)
    {
        var start = tag.IndexOf($" {name}=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += name.Length + 3;
        var end = tag.IndexOf('"', start);
        return end < 0 ? null : tag[start..end];
    }
}
