using System.Xml.Linq;
using LearningHealth.Workforce;

namespace LearningHealth.Tests.Workforce;

public sealed class FanChartTests
{
    [Fact]
    public void The_fan_chart_is_well_formed_svg_with_bands_lines_and_a_title()
    {
        var model = ScenarioFile.Parse(WorkforceExamples.Scenario).Value!;
        var projection = Projection.Run(model, model.Variants[0]).Roles[0];
        var bands = MonteCarlo.Run(model, model.Variants[0], 200, 1).Roles[0];

        var svg = FanChart.Svg(projection, bands);
        var path = Environment.GetEnvironmentVariable("LHS_WRITE_FAN_CHART");
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllText(path, svg);
        }

        var root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", root.Name);
        Assert.Equal("Clinical informatician: supply against demand, 2026–2035", root.Element(ns + "title")!.Value);
        var polygons = root.Elements(ns + "polygon").Select(p => (string?)p.Attribute("class")).ToList();
        Assert.Equal(["demand-band", "supply-band"], polygons);
        var supplyBand = root.Elements(ns + "polygon").Single(p => (string?)p.Attribute("class") == "supply-band");
        Assert.Equal(20, ((string)supplyBand.Attribute("points")!).Split(' ').Length);
        Assert.Equal(["supply-p50", "supply", "demand"], root.Elements(ns + "polyline").Select(p => (string?)p.Attribute("class")));
    }

    [Fact]
    public void A_chart_without_bands_and_with_one_year_still_draws()
    {
        var model = ProjectionTests.Model("""{ "name": "A & B <role>", "supply": { "fte": 0 }, "attritionRate": 0, "demand": { "fte": 0 } }""", horizon: 1);
        var svg = FanChart.Svg(Projection.Run(model, model.Variants[0]).Roles[0], null);
        var root = XElement.Parse(svg);
        Assert.Contains("A &amp; B &lt;role&gt;", svg, StringComparison.Ordinal);
        Assert.Empty(root.Elements(XName.Get("polygon", "http://www.w3.org/2000/svg")));
    }
}
