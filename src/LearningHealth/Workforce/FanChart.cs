using System.Globalization;
using System.Net;
using System.Text;

namespace LearningHealth.Workforce;

/// <summary>
/// A fan chart of one role's supply against demand as a self-contained SVG, drawn on the server: the P10–P90 band
/// of supply (shaded), its P50 and the deterministic supply (lines), and demand (dashed, with its own band when
/// demand is uncertain). Written by hand rather than with a charting library, so it needs no fonts or native code.
/// </summary>
public static class FanChart
{
    private const double Width = 720, Height = 320, Left = 56, Right = 28, Top = 24, Bottom = 40;

    public static string Svg(RoleProjection projection, RoleBands? bands)
    {
        var years = projection.Years;
        var values = years.SelectMany(y => new[] { y.Supply, y.Demand }).Append(projection.StartingSupply).ToList();
        if (bands is not null)
        {
            values.AddRange(bands.Years.SelectMany(b => new[] { b.Supply.P10, b.Supply.P90, b.Demand.P10, b.Demand.P90 }));
        }

        var max = NiceCeiling(Math.Max(values.Max(), 1));
        var firstYear = years[0].Year;
        var lastYear = years[^1].Year;
        double X(int year) => lastYear == firstYear ? Left + ((Width - Left - Right) / 2) : Left + ((year - firstYear) * (Width - Left - Right) / (lastYear - firstYear));
        double Y(double value) => Top + ((Height - Top - Bottom) * (1 - (value / max)));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" class=\"fan-chart\" aria-labelledby=\"fan-title\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"fan-title\">{WebUtility.HtmlEncode(projection.Role)}: supply against demand, {firstYear}–{lastYear}</title>");
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(value))}\" y2=\"{F(Y(value))}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(value) + 4)}\" text-anchor=\"end\" font-size=\"11\">{F(value)}</text>");
        }

        var step = Math.Max(1, (int)Math.Ceiling(years.Count / 10.0));
        for (var i = 0; i < years.Count; i += step)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(X(years[i].Year))}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{years[i].Year}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"14\" font-size=\"11\">FTE</text>");
        if (bands is not null)
        {
            Area(svg, bands.Years.Select(b => (X(b.Year), Y(b.Demand.P10), Y(b.Demand.P90))), "#d95f02", "demand-band");
            Area(svg, bands.Years.Select(b => (X(b.Year), Y(b.Supply.P10), Y(b.Supply.P90))), "#1b9e77", "supply-band");
            Line(svg, bands.Years.Select(b => (X(b.Year), Y(b.Supply.P50))), "#1b9e77", "supply-p50", dashed: false, width: 1);
        }

        Line(svg, years.Select(y => (X(y.Year), Y(y.Supply))), "#1b9e77", "supply", dashed: false, width: 2.5);
        Line(svg, years.Select(y => (X(y.Year), Y(y.Demand))), "#d95f02", "demand", dashed: true, width: 2.5);
        var legendY = Height - 8;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{legendY - 9}\" width=\"12\" height=\"10\" fill=\"#1b9e77\"/><text x=\"{Left + 16}\" y=\"{legendY}\" font-size=\"11\">Supply{(bands is null ? "" : " (thick: entered figures; thin: P50; band: P10–P90)")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + 360}\" y=\"{legendY - 9}\" width=\"12\" height=\"10\" fill=\"#d95f02\"/><text x=\"{Left + 376}\" y=\"{legendY}\" font-size=\"11\">Demand</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Area(StringBuilder svg, IEnumerable<(double X, double Low, double High)> points, string colour, string name)
    {
        var list = points.ToList();
        var path = string.Join(" ", list.Select(p => $"{F(p.X)},{F(p.High)}").Concat(list.AsEnumerable().Reverse().Select(p => $"{F(p.X)},{F(p.Low)}")));
        svg.Append(CultureInfo.InvariantCulture, $"<polygon class=\"{name}\" points=\"{path}\" fill=\"{colour}\" fill-opacity=\"0.2\" stroke=\"none\"/>");
    }

    private static void Line(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour, string name, bool dashed, double width)
    {
        var path = string.Join(" ", points.Select(p => $"{F(p.X)},{F(p.Y)}"));
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{name}\" points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{F(width)}\"{(dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * magnitude >= value)
            {
                return m * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string F(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
