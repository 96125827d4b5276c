using System.Globalization;
using LearningHealth.Indicators;
using LearningHealth.Statistics;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LearningHealth.Charts;

/// <summary>One period on an SPC chart; numerator and denominator go into the data table when known.</summary>
public sealed record SpcChartPoint(DateOnly Period, double Value, long? Numerator = null, long? Denominator = null);

/// <summary>What to draw: the series in time order, the XmR options (direction, target, re-bases) and notes at dates.</summary>
public sealed record SpcChartRequest
{
    public required string Title { get; init; }
    public required IReadOnlyList<SpcChartPoint> Points { get; init; }
    public XmrOptions Options { get; init; } = new();

    /// <summary>Notes drawn at the point of a period, e.g. "New pathway".</summary>
    public IReadOnlyDictionary<DateOnly, string> Annotations { get; init; } = new Dictionary<DateOnly, string>();

    /// <summary>Values are proportions, shown as percentages.</summary>
    public bool Percent { get; init; } = true;
}

/// <summary>
/// An XmR chart in the style of NHS England's Making Data Count: the data line in grey, the mean as a solid line,
/// the process limits dashed, special-cause points coloured (improvement blue, concern orange, neutral purple,
/// common cause grey), a red dashed target line, a vertical mark at each re-base, notes at given dates, and the
/// variation and assurance "icons" as text badges in the subtitle.
/// </summary>
public static class SpcChart
{
    public static ChartOutput Render(SpcChartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Points.Count == 0)
        {
            throw new ArgumentException("An SPC chart needs at least one point.");
        }

        var chart = XmrChart.Calculate([.. request.Points.Select(p => p.Value)], request.Options);
        string Format(double? v) => request.Percent ? ChartStyle.Percent(v) : ChartStyle.Number(v);
        var variation = VariationText(chart.Variation);
        var assurance = AssuranceText(chart.Assurance, request.Options.Target, Format);
        var model = new PlotModel
        {
            Title = request.Title,
            Subtitle = $"Variation: {variation}   |   Assurance: {assurance}",
            TitleFontSize = 15,
            SubtitleFontSize = 12,
            PlotAreaBorderThickness = new OxyThickness(0),
        };
        model.Axes.Add(new DateTimeAxis
        {
            Position = AxisPosition.Bottom,
            StringFormat = "MMM yy",
            Title = "Period",
            MajorGridlineStyle = LineStyle.None,
        });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = request.Percent ? "Per cent" : "Value",
            LabelFormatter = v => request.Percent ? (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : v.ToString("0.##", CultureInfo.InvariantCulture),
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromRgb(0xE8, 0xED, 0xEE),
        });

        static double X(DateOnly d) => DateTimeAxis.ToDouble(d.ToDateTime(TimeOnly.MinValue));
        var data = new LineSeries { Title = "Value", Color = ChartStyle.CommonCause, StrokeThickness = 1.5, MarkerType = MarkerType.None };
        data.Points.AddRange(request.Points.Select(p => new DataPoint(X(p.Period), p.Value)));
        model.Series.Add(data);

        foreach (var segment in chart.Segments)
        {
            var first = X(request.Points[segment.Start].Period);
            var last = X(request.Points[segment.Start + segment.Count - 1].Period);
            AddLevel(model, first, last, segment.Mean, ChartStyle.Text, LineStyle.Solid, segment.Start == chart.Segments[^1].Start ? "Mean" : null);
            if (segment.LowerProcessLimit is { } lower && segment.UpperProcessLimit is { } upper)
            {
                AddLevel(model, first, last, upper, ChartStyle.CommonCause, LineStyle.Dash, segment.Start == chart.Segments[^1].Start ? "Process limits" : null);
                AddLevel(model, first, last, lower, ChartStyle.CommonCause, LineStyle.Dash, null);
            }

            if (segment.Start > 0)
            {
                model.Annotations.Add(new LineAnnotation
                {
                    Type = LineAnnotationType.Vertical,
                    X = (X(request.Points[segment.Start - 1].Period) + first) / 2,
                    Color = ChartStyle.Text,
                    LineStyle = LineStyle.Dot,
                    Text = "Re-based",
                    TextOrientation = AnnotationTextOrientation.Vertical,
                });
            }
        }

        if (request.Options.Target is { } target)
        {
            model.Annotations.Add(new LineAnnotation
            {
                Type = LineAnnotationType.Horizontal,
                Y = target,
                Color = ChartStyle.Target,
                LineStyle = LineStyle.Dash,
                Text = $"Target {Format(target)}",
                TextColor = ChartStyle.Target,
            });
        }

        foreach (var type in Enum.GetValues<XmrPointType>())
        {
            var points = new ScatterSeries
            {
                Title = TypeText(type),
                MarkerType = MarkerType.Circle,
                MarkerSize = 4,
                MarkerFill = Colour(type),
            };
            points.Points.AddRange(chart.Points.Where(p => p.Type == type).Select(p => new ScatterPoint(X(request.Points[p.Index].Period), p.Value)));
            if (points.Points.Count > 0)
            {
                model.Series.Add(points);
            }
        }

        foreach (var (period, text) in request.Annotations)
        {
            var point = request.Points.FirstOrDefault(p => p.Period == period);
            if (point is not null)
            {
                model.Annotations.Add(new PointAnnotation { X = X(period), Y = point.Value, Text = text, Shape = MarkerType.Diamond, Fill = ChartStyle.Text, Size = 5 });
            }
        }

        model.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.BottomCenter, LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside, LegendOrientation = OxyPlot.Legends.LegendOrientation.Horizontal });

        var description = Describe(request, chart, variation, assurance, Format);
        var rows = chart.Points.Select(p =>
        {
            var input = request.Points[p.Index];
            var segment = chart.Segments[p.Segment];
            IReadOnlyList<string> row =
            [
                input.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                input.Numerator?.ToString(CultureInfo.InvariantCulture) ?? "",
                input.Denominator?.ToString(CultureInfo.InvariantCulture) ?? "",
                Format(p.Value),
                Format(segment.Mean),
                Format(segment.LowerProcessLimit),
                Format(segment.UpperProcessLimit),
                TypeText(p.Type),
                p.Rule is { } rule ? IndicatorStatistics.Name(rule).Replace('_', ' ') : "",
                request.Annotations.TryGetValue(input.Period, out var note) ? note : "",
            ];
            return row;
        }).ToList();
        return new ChartOutput(
            ChartStyle.Svg(model, request.Title, description),
            description,
            ["Period", "Numerator", "Denominator", "Value", "Mean", "Lower limit", "Upper limit", "Variation", "Rule", "Note"],
            rows)
        {
            Model = model,
        };
    }

    private static void AddLevel(PlotModel model, double from, double to, double y, OxyColor colour, LineStyle style, string? title)
    {
        var line = new LineSeries { Color = colour, LineStyle = style, StrokeThickness = 1, Title = title, RenderInLegend = title is not null };
        line.Points.Add(new DataPoint(from, y));
        line.Points.Add(new DataPoint(to, y));
        model.Series.Add(line);
    }

    public static OxyColor Colour(XmrPointType type) => type switch
    {
        XmrPointType.SpecialCauseImprovement => ChartStyle.Improvement,
        XmrPointType.SpecialCauseConcern => ChartStyle.Concern,
        XmrPointType.SpecialCauseNeutralHigh or XmrPointType.SpecialCauseNeutralLow => ChartStyle.Neutral,
        _ => ChartStyle.CommonCause,
    };

    public static string TypeText(XmrPointType type) => type switch
    {
        XmrPointType.SpecialCauseImprovement => "special cause: improvement",
        XmrPointType.SpecialCauseConcern => "special cause: concern",
        XmrPointType.SpecialCauseNeutralHigh => "special cause: higher",
        XmrPointType.SpecialCauseNeutralLow => "special cause: lower",
        _ => "common cause",
    };

    public static string VariationText(XmrPointType type) => type switch
    {
        XmrPointType.SpecialCauseImprovement => "special cause improvement",
        XmrPointType.SpecialCauseConcern => "special cause concern",
        XmrPointType.SpecialCauseNeutralHigh => "special cause, higher (neither better nor worse)",
        XmrPointType.SpecialCauseNeutralLow => "special cause, lower (neither better nor worse)",
        _ => "common cause (no significant change)",
    };

    public static string AssuranceText(Assurance? assurance, double? target, Func<double?, string> format) => assurance switch
    {
        Assurance.ConsistentPass => $"will consistently meet the target of {format(target)}",
        Assurance.ConsistentFail => $"will consistently miss the target of {format(target)}",
        Assurance.Inconsistent => $"will hit and miss the target of {format(target)}",
        _ => target is null ? "no target" : "not assessable",
    };

    private static string Describe(SpcChartRequest request, XmrChartResult chart, string variation, string assurance, Func<double?, string> format)
    {
        var first = request.Points[0].Period.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var last = request.Points[^1].Period.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var segment = chart.Segments[^1];
        var limits = segment.LowerProcessLimit is { } l && segment.UpperProcessLimit is { } u
            ? $"process limits {format(l)} to {format(u)}"
            : "no process limits (a single point)";
        var special = chart.Points.Count(p => p.Type != XmrPointType.CommonCause);
        var improvement = chart.Points.Count(p => p.Type == XmrPointType.SpecialCauseImprovement);
        var concern = chart.Points.Count(p => p.Type == XmrPointType.SpecialCauseConcern);
        var direction = request.Options.Improvement switch
        {
            ImprovementDirection.Increase => "Higher is better.",
            ImprovementDirection.Decrease => "Lower is better.",
            _ => "Neither direction is better.",
        };
        var rebased = chart.Segments.Count > 1 ? $" The chart is re-based {chart.Segments.Count - 1} time(s); figures are for the latest segment." : "";
        return $"{request.Title}: statistical process control (XmR) chart of {request.Points.Count} periods from {first} to {last}. " +
            $"{direction} Mean {format(segment.Mean)}, {limits}.{rebased} " +
            $"The latest value is {format(request.Points[^1].Value)} in {last}: {TypeText(chart.Points[^1].Type)}. " +
            $"{special} of {chart.Points.Count} points show special cause variation ({improvement} improvement, {concern} concern). " +
            $"Variation: {variation}. Assurance: {assurance}.";
    }
}
