using System.Xml.Linq;
using LearningHealth.Charts;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.Charts;

public sealed class ChartTests
{
    // The shift example of docs/statistics.md: mean 10, limits [6.726, 13.274]; first seven a shift above, last seven below.
    private static readonly double[] Shift = [12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8];

    private static SpcChartRequest ShiftRequest() => new()
    {
        Title = "Test measure",
        Points = [.. Shift.Select((v, i) => new SpcChartPoint(new DateOnly(2024, 1, 1).AddMonths(i), v, (long)v, 20))],
        Options = new XmrOptions { Improvement = ImprovementDirection.Increase, Target = 12 },
        Annotations = new Dictionary<DateOnly, string> { [new DateOnly(2024, 8, 1)] = "New rota" },
        Percent = false,
    };

    [Fact]
    public void Spc_chart_is_well_formed_svg_with_title_description_and_making_data_count_colours()
    {
        var chart = SpcChart.Render(ShiftRequest());

        var svg = XElement.Parse(chart.Svg);
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("Test measure", svg.Elements().First(e => e.Name.LocalName == "title").Value);
        Assert.Equal(chart.Description, svg.Elements().First(e => e.Name.LocalName == "desc").Value);
        Assert.Contains("rgb(40,157,224)", chart.Svg, StringComparison.Ordinal); // improvement
        Assert.Contains("rgb(250,180,40)", chart.Svg, StringComparison.Ordinal); // concern
        Assert.Contains("rgb(222,27,27)", chart.Svg, StringComparison.Ordinal); // target
        Assert.Contains("New rota", chart.Svg, StringComparison.Ordinal);
        Assert.Contains("Variation: special cause concern", chart.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Spc_chart_text_alternative_and_table_state_the_figures()
    {
        var chart = SpcChart.Render(ShiftRequest());

        Assert.Equal(
            "Test measure: statistical process control (XmR) chart of 14 periods from January 2024 to February 2025. Higher is better. " +
            "Mean 10, process limits 6.726 to 13.274. The latest value is 8 in February 2025: special cause: concern. " +
            "14 of 14 points show special cause variation (7 improvement, 7 concern). Variation: special cause concern. " +
            "Assurance: will hit and miss the target of 12.",
            chart.Description);
        Assert.Equal(14, chart.Rows.Count);
        Assert.Equal(["2024-01", "12", "20", "12", "10", "6.726", "13.274", "special cause: improvement", "shift", ""], chart.Rows[0]);
        Assert.Equal("New rota", chart.Rows[7][9]);
        Assert.StartsWith("Period,Numerator,Denominator,Value,Mean,Lower limit,Upper limit,Variation,Rule,Note\r\n2024-01,12,20,", chart.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Spc_chart_marks_a_rebase()
    {
        var request = ShiftRequest() with { Options = new XmrOptions { RebaseAt = [7] } };
        var chart = SpcChart.Render(request);
        Assert.Contains("Re-based", chart.Svg, StringComparison.Ordinal);
        Assert.Contains("re-based 1 time(s)", chart.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_plot_highlights_the_viewers_unit_and_describes_where_it_lies()
    {
        // p₀ = 54/80 = 0.675 (the example in ComputeIndicatorsTests): C1 below the 95% limit, C3 above it.
        var chart = FunnelChart.Render(new FunnelChartRequest
        {
            Title = "Test funnel",
            Units = [new ProportionUnit("C1", 8, 20), new ProportionUnit("C2", 10, 20), new ProportionUnit("C3", 36, 40)],
            Highlight = "C1",
            UnitsLabel = "clinicians",
        });

        Assert.Equal("svg", XElement.Parse(chart.Svg).Name.LocalName);
        Assert.Contains("rgb(0,94,184)", chart.Svg, StringComparison.Ordinal);
        Assert.Equal(
            "Test funnel: funnel plot of 3 clinicians, overall 67.5%. 1 lie above and 1 below the 95% limits; 0 above and 0 below the 99.8% limits. " +
            "C1 (highlighted): 40.0% (8 of 20), below the 95% limits but within the 99.8% limits.",
            chart.Description);
        Assert.Equal(["C1", "8", "20", "40.0%", "47.0% – 88.0%", "35.1% – 99.9%", "below", "within"], chart.Rows[0]);
    }

    [Fact]
    public void Charts_export_as_png_of_the_size_asked_with_the_highlighted_unit_drawn_in_nhs_blue()
    {
        var chart = FunnelChart.Render(new FunnelChartRequest
        {
            Title = "Test funnel",
            Units = [new ProportionUnit("C1", 8, 20), new ProportionUnit("C2", 10, 20), new ProportionUnit("C3", 36, 40)],
            Highlight = "C1",
            UnitsLabel = "clinicians",
        });

        var png = chart.ToPng(640, 360);
        var spc = SpcChart.Render(ShiftRequest()).ToPng();

        // PNG signature, then the IHDR chunk's big-endian width and height.
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(360, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Assert.Equal(ChartStyle.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(spc.AsSpan(16, 4)));
        Assert.True(png.Length > 2000, "a drawn chart, not an empty image");
        Assert.NotEqual(png, FunnelChart.Render(new FunnelChartRequest
        {
            Title = "Test funnel",
            Units = [new ProportionUnit("C1", 8, 20), new ProportionUnit("C2", 10, 20), new ProportionUnit("C3", 36, 40)],
            UnitsLabel = "clinicians",
        }).ToPng(640, 360));
    }
}
