using System.Globalization;
using LearningHealth.Statistics;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LearningHealth.Charts;

/// <summary>What to draw: the units of one period, and which unit is the viewer's own (highlighted).</summary>
public sealed record FunnelChartRequest
{
    public required string Title { get; init; }
    public required IReadOnlyList<ProportionUnit> Units { get; init; }
    public string? Highlight { get; init; }

    /// <summary>Label for the units, e.g. "clinicians".</summary>
    public string UnitsLabel { get; init; } = "units";
}

/// <summary>
/// A funnel plot of proportions (Public Health England's Wilson method, <see cref="ProportionFunnel"/>): the overall
/// proportion as a solid line, 95% limits dashed and 99.8% limits dotted over the range of denominators, each unit
/// a grey point (coloured when outside the 99.8% limits), the highlighted unit larger, in NHS blue and labelled.
/// </summary>
public static class FunnelChart
{
    public static ChartOutput Render(FunnelChartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var funnel = ProportionFunnel.Fit(request.Units, ProportionFunnelMethod.Wilson);
        var model = new PlotModel
        {
            Title = request.Title,
            Subtitle = $"{funnel.Units.Count} {request.UnitsLabel}; overall {ChartStyle.Percent(funnel.Target)}",
            TitleFontSize = 15,
            SubtitleFontSize = 12,
            PlotAreaBorderThickness = new OxyThickness(0),
        };
        var maxSize = funnel.Units.Max(u => u.Denominator);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Denominator (cases)", Minimum = 0, Maximum = maxSize * 1.05 });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = "Per cent",
            Minimum = 0,
            Maximum = 1,
            LabelFormatter = v => (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromRgb(0xE8, 0xED, 0xEE),
        });

        var sizes = Enumerable.Range(0, 121).Select(i => Math.Max(1, maxSize * 1.05 * i / 120)).Distinct().ToList();
        var limits = sizes.Select(funnel.LimitsAt).ToList();
        AddCurve(model, "95% limits", LineStyle.Dash, limits.Select(l => new DataPoint(l.Size, l.Upper95)));
        AddCurve(model, null, LineStyle.Dash, limits.Select(l => new DataPoint(l.Size, l.Lower95)));
        AddCurve(model, "99.8% limits", LineStyle.Dot, limits.Select(l => new DataPoint(l.Size, l.Upper998)));
        AddCurve(model, null, LineStyle.Dot, limits.Select(l => new DataPoint(l.Size, l.Lower998)));
        model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Horizontal, Y = funnel.Target, Color = ChartStyle.Text, Text = $"Overall {ChartStyle.Percent(funnel.Target)}" });

        var inside = new ScatterSeries { Title = "Within 99.8% limits", MarkerType = MarkerType.Circle, MarkerSize = 3.5, MarkerFill = ChartStyle.CommonCause };
        var outside = new ScatterSeries { Title = "Outside 99.8% limits", MarkerType = MarkerType.Circle, MarkerSize = 4, MarkerFill = ChartStyle.Concern };
        foreach (var unit in funnel.Units.Where(u => u.Name != request.Highlight))
        {
            (unit.Flag998 == FunnelFlag.Inside ? inside : outside).Points.Add(new ScatterPoint(unit.Denominator, unit.Value));
        }

        model.Series.Add(inside);
        if (outside.Points.Count > 0)
        {
            model.Series.Add(outside);
        }

        var own = funnel.Units.FirstOrDefault(u => u.Name == request.Highlight);
        if (own is not null)
        {
            var series = new ScatterSeries { Title = own.Name, MarkerType = MarkerType.Diamond, MarkerSize = 7, MarkerFill = ChartStyle.Highlight, MarkerStroke = OxyColors.White };
            series.Points.Add(new ScatterPoint(own.Denominator, own.Value));
            model.Series.Add(series);
            model.Annotations.Add(new TextAnnotation
            {
                Text = own.Name,
                TextPosition = new DataPoint(own.Denominator, own.Value),
                TextColor = ChartStyle.Highlight,
                Stroke = OxyColors.Transparent,
                Offset = new ScreenVector(0, -12),
            });
        }

        model.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.BottomCenter, LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside, LegendOrientation = OxyPlot.Legends.LegendOrientation.Horizontal });

        var description = Describe(request, funnel, own);
        var rows = funnel.Units.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => (IReadOnlyList<string>)
        [
            u.Name,
            u.Numerator.ToString(CultureInfo.InvariantCulture),
            u.Denominator.ToString(CultureInfo.InvariantCulture),
            ChartStyle.Percent(u.Value),
            $"{ChartStyle.Percent(u.Limits.Lower95)} – {ChartStyle.Percent(u.Limits.Upper95)}",
            $"{ChartStyle.Percent(u.Limits.Lower998)} – {ChartStyle.Percent(u.Limits.Upper998)}",
            Flag(u.Flag95),
            Flag(u.Flag998),
        ]).ToList();
        return new ChartOutput(
            ChartStyle.Svg(model, request.Title, description),
            description,
            ["Unit", "Numerator", "Denominator", "Value", "95% limits", "99.8% limits", "Against 95%", "Against 99.8%"],
            rows)
        {
            Model = model,
        };
    }

    private static string Flag(FunnelFlag flag) => flag switch
    {
        FunnelFlag.Above => "above",
        FunnelFlag.Below => "below",
        _ => "within",
    };

    private static void AddCurve(PlotModel model, string? title, LineStyle style, IEnumerable<DataPoint> points)
    {
        var line = new LineSeries { Title = title, RenderInLegend = title is not null, Color = ChartStyle.CommonCause, LineStyle = style, StrokeThickness = 1 };
        line.Points.AddRange(points);
        model.Series.Add(line);
    }

    private static string Describe(FunnelChartRequest request, ProportionFunnel funnel, FunnelUnit? own)
    {
        var above998 = funnel.Units.Count(u => u.Flag998 == FunnelFlag.Above);
        var below998 = funnel.Units.Count(u => u.Flag998 == FunnelFlag.Below);
        var above95 = funnel.Units.Count(u => u.Flag95 == FunnelFlag.Above);
        var below95 = funnel.Units.Count(u => u.Flag95 == FunnelFlag.Below);
        var text = $"{request.Title}: funnel plot of {funnel.Units.Count} {request.UnitsLabel}, overall {ChartStyle.Percent(funnel.Target)}. " +
            $"{above95} lie above and {below95} below the 95% limits; {above998} above and {below998} below the 99.8% limits.";
        if (own is not null)
        {
            var where = own.Flag998 != FunnelFlag.Inside ? $"{Flag(own.Flag998)} the 99.8% limits"
                : own.Flag95 != FunnelFlag.Inside ? $"{Flag(own.Flag95)} the 95% limits but within the 99.8% limits"
                : "within the limits";
            text += $" {own.Name} (highlighted): {ChartStyle.Percent(own.Value)} ({own.Numerator.ToString(CultureInfo.InvariantCulture)} of {own.Denominator.ToString(CultureInfo.InvariantCulture)}), {where}.";
        }

        return text;
    }
}
