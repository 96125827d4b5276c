using System.Globalization;
using LearningHealth.Charts;
using LearningHealth.Statistics;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace LearningHealth.AreaData;

/// <summary>One stratum as charted: its proportion and interval, or hidden (suppressed small numbers).</summary>
public sealed record StratumPoint(string Label, long? Numerator, long? Denominator, double? Proportion, double? Lower, double? Upper, bool Hidden = false);

/// <summary>Charts for area analyses, drawn like the other charts (<see cref="ChartStyle"/>): SVG, text alternative, data table.</summary>
public static class AreaCharts
{
    /// <summary>
    /// A dot chart of strata: one row per stratum (first at the top), the proportion as a dot and its 95% interval as
    /// a whisker, the overall proportion as a vertical line. Hidden strata are left out of the picture and say so in
    /// the table and the description.
    /// </summary>
    public static ChartOutput Strata(string title, string subtitle, IReadOnlyList<StratumPoint> strata, double? overall)
    {
        ArgumentNullException.ThrowIfNull(strata);
        if (strata.Count == 0)
        {
            throw new ArgumentException("A stratified chart needs at least one stratum.");
        }

        var model = new PlotModel
        {
            Title = title,
            Subtitle = subtitle,
            TitleFontSize = 15,
            SubtitleFontSize = 12,
            PlotAreaBorderThickness = new OxyThickness(0),
        };
        var count = strata.Count;
        double Y(int i) => count - 1 - i;
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Minimum = -0.6,
            Maximum = count - 0.4,
            MajorStep = 1,
            MinorStep = 1,
            TickStyle = TickStyle.None,
            LabelFormatter = v =>
            {
                var i = count - 1 - (int)Math.Round(v);
                return Math.Abs(v - Math.Round(v)) < 1e-9 && i >= 0 && i < count ? strata[i].Label : "";
            },
        });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = "Per cent (dot) with 95% confidence interval (line)",
            Minimum = 0,
            Maximum = 1,
            LabelFormatter = v => (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromRgb(0xE8, 0xED, 0xEE),
        });

        var first = true;
        var dots = new ScatterSeries { Title = "Proportion", MarkerType = MarkerType.Circle, MarkerSize = 5, MarkerFill = ChartStyle.Highlight };
        for (var i = 0; i < count; i++)
        {
            var s = strata[i];
            if (s.Hidden || s.Proportion is null)
            {
                continue;
            }

            if (s.Lower is { } lower && s.Upper is { } upper)
            {
                var whisker = new LineSeries { Title = first ? "95% confidence interval" : null, RenderInLegend = first, Color = ChartStyle.CommonCause, StrokeThickness = 2 };
                whisker.Points.Add(new DataPoint(lower, Y(i)));
                whisker.Points.Add(new DataPoint(upper, Y(i)));
                model.Series.Add(whisker);
                first = false;
            }

            dots.Points.Add(new ScatterPoint(s.Proportion.Value, Y(i)));
        }

        model.Series.Add(dots);
        if (overall is { } all)
        {
            model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Vertical, X = all, Color = ChartStyle.Text, LineStyle = LineStyle.Dash, Text = $"Overall {ChartStyle.Percent(all)}" });
        }

        model.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.BottomCenter, LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside, LegendOrientation = OxyPlot.Legends.LegendOrientation.Horizontal });

        var shown = strata.Where(s => !s.Hidden && s.Proportion is not null).ToList();
        var hidden = strata.Count(s => s.Hidden);
        var description = $"{title}: dot chart of {strata.Count} groups" + (overall is { } o ? $", overall {ChartStyle.Percent(o)}" : "") + ". "
            + string.Join("; ", shown.Select(s => $"{s.Label}: {ChartStyle.Percent(s.Proportion)} ({s.Numerator} of {s.Denominator}; 95% CI {ChartStyle.Percent(s.Lower)} to {ChartStyle.Percent(s.Upper)})"))
            + (shown.Count > 0 ? "." : "")
            + (hidden > 0 ? $" {hidden} group(s) not shown to protect small numbers." : "");
        var rows = strata.Select(s => (IReadOnlyList<string>)(s.Hidden
            ? [s.Label, "*", "*", "*", "*"]
            : [s.Label, Count(s.Numerator), Count(s.Denominator), ChartStyle.Percent(s.Proportion), s.Lower is null ? "–" : $"{ChartStyle.Percent(s.Lower)} – {ChartStyle.Percent(s.Upper)}"]))
            .ToList();
        var height = Math.Max(260, 120 + (34 * count));
        return new ChartOutput(
            ChartStyle.Svg(model, title, description, ChartStyle.Width, height),
            description,
            ["Group", "Numerator", "Denominator", "Proportion", "95% confidence interval"],
            rows);
    }

    /// <summary>
    /// A funnel plot of indirectly standardised ratios (<see cref="RatioFunnel"/>: exact Poisson limits around 1 at each
    /// expected count): the ratio against the expected count, 95% limits dashed and 99.8% dotted, units outside the
    /// 99.8% limits orange.
    /// </summary>
    public static ChartOutput RatioFunnel(string title, string unitsLabel, IReadOnlyList<StandardisedUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var charted = units.Where(u => u.Ratio is not null && u.Limits is not null).ToList();
        if (charted.Count == 0)
        {
            throw new ArgumentException("No unit has an expected count above zero.");
        }

        var funnel = Statistics.RatioFunnel.Fit([.. charted.Select(u => new RatioUnit(u.Unit, u.Observed, u.Expected))]);
        var model = new PlotModel
        {
            Title = title,
            Subtitle = $"{charted.Count} {unitsLabel}; ratio of observed to expected after allowing for deprivation (1 = as expected)",
            TitleFontSize = 15,
            SubtitleFontSize = 12,
            PlotAreaBorderThickness = new OxyThickness(0),
        };
        var maxExpected = charted.Max(u => u.Expected);
        var maxRatio = Math.Max(2, charted.Max(u => u.Ratio!.Value) * 1.1);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "Expected numerator", Minimum = 0, Maximum = maxExpected * 1.05 });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = "Observed / expected",
            Minimum = 0,
            Maximum = maxRatio,
            MajorGridlineStyle = LineStyle.Dot,
            MajorGridlineColor = OxyColor.FromRgb(0xE8, 0xED, 0xEE),
        });
        var sizes = Enumerable.Range(1, 120).Select(i => maxExpected * 1.05 * i / 120).Where(e => e >= 0.5).ToList();
        var limits = sizes.Select(funnel.LimitsAt).ToList();
        Curve(model, "95% limits", LineStyle.Dash, limits.Select(l => new DataPoint(l.Size, Math.Min(l.Upper95, maxRatio))));
        Curve(model, null, LineStyle.Dash, limits.Select(l => new DataPoint(l.Size, l.Lower95)));
        Curve(model, "99.8% limits", LineStyle.Dot, limits.Select(l => new DataPoint(l.Size, Math.Min(l.Upper998, maxRatio))));
        Curve(model, null, LineStyle.Dot, limits.Select(l => new DataPoint(l.Size, l.Lower998)));
        model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Horizontal, Y = 1, Color = ChartStyle.Text, Text = "As expected (1)" });
        var inside = new ScatterSeries { Title = "Within 99.8% limits", MarkerType = MarkerType.Circle, MarkerSize = 3.5, MarkerFill = ChartStyle.CommonCause };
        var outside = new ScatterSeries { Title = "Outside 99.8% limits", MarkerType = MarkerType.Circle, MarkerSize = 4, MarkerFill = ChartStyle.Concern };
        foreach (var unit in funnel.Units)
        {
            (unit.Flag998 == FunnelFlag.Inside ? inside : outside).Points.Add(new ScatterPoint(unit.Denominator, unit.Value));
        }

        model.Series.Add(inside);
        if (outside.Points.Count > 0)
        {
            model.Series.Add(outside);
        }

        model.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.BottomCenter, LegendPlacement = OxyPlot.Legends.LegendPlacement.Outside, LegendOrientation = OxyPlot.Legends.LegendOrientation.Horizontal });
        var above = funnel.Units.Count(u => u.Flag998 == FunnelFlag.Above);
        var below = funnel.Units.Count(u => u.Flag998 == FunnelFlag.Below);
        var above95 = funnel.Units.Count(u => u.Flag95 == FunnelFlag.Above);
        var below95 = funnel.Units.Count(u => u.Flag95 == FunnelFlag.Below);
        var description = $"{title}: funnel plot of standardised ratios for {charted.Count} {unitsLabel}. "
            + $"{above95} lie above and {below95} below the 95% limits; {above} above and {below} below the 99.8% limits.";
        var rows = charted.Select(u => (IReadOnlyList<string>)
        [
            u.Unit,
            u.Observed.ToString(CultureInfo.InvariantCulture),
            u.Expected.ToString("0.0", CultureInfo.InvariantCulture),
            ChartStyle.Number(u.Ratio),
            $"{ChartStyle.Number(u.Limits!.Value.Lower95)} – {ChartStyle.Number(u.Limits.Value.Upper95)}",
            $"{ChartStyle.Number(u.Limits.Value.Lower998)} – {ChartStyle.Number(u.Limits.Value.Upper998)}",
        ]).ToList();
        return new ChartOutput(
            ChartStyle.Svg(model, title, description),
            description,
            ["Unit", "Observed", "Expected", "Ratio", "95% limits", "99.8% limits"],
            rows);
    }

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static void Curve(PlotModel model, string? title, LineStyle style, IEnumerable<DataPoint> points)
    {
        var line = new LineSeries { Title = title, RenderInLegend = title is not null, Color = ChartStyle.CommonCause, LineStyle = style, StrokeThickness = 1 };
        line.Points.AddRange(points);
        model.Series.Add(line);
    }
}
