using System.Globalization;
using System.Net;
using System.Text;

namespace LearningHealth.Feedback;

/// <summary>
/// The lineage graph as a layered SVG: data elements, views, indicators and uses in four columns, left to right,
/// with a line for each "is read by". Hand-written SVG rather than a chart library: it is a diagram, not a plot.
/// Each node has a <c>title</c> for screen readers and pointer hover; the page gives the same graph as a nested
/// list, which is the text alternative.
/// </summary>
public static class LineageSvg
{
    private const int RowHeight = 18;
    private const int Top = 40;
    private const int ColumnWidth = 300;
    private const int NodeWidth = 260;

    public static string Render(LineageGraph graph, string title, Func<LineageElement, bool>? highlight = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var columns = new List<List<(string Key, string Label, string Tip, bool Marked)>>
        {
            graph.Elements.Select(e => ($"e:{e.Key}", e.Key, $"{e.Key}: read by {string.Join(", ", e.Views)}", highlight?.Invoke(e) ?? false)).ToList(),
            graph.Views.Where(v => v.Elements.Count > 0).Select(v => ($"v:{v.Name}", v.Name, $"View {v.Name} over {v.Resource}", false)).ToList(),
            graph.Indicators.Select(i => ($"i:{i.Id}", i.Id, i.Title, false)).ToList(),
            graph.Uses.Select(u => ($"u:{u.Key}", u.Title, u.Title, false)).ToList(),
        };
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        var rows = columns.Max(c => c.Count);
        var height = Top + rows * RowHeight + 20;
        for (var c = 0; c < columns.Count; c++)
        {
            // Shorter columns are spread over the height of the longest so lines fan out instead of bunching at the top.
            var step = columns[c].Count > 0 ? (double)rows * RowHeight / columns[c].Count : RowHeight;
            for (var r = 0; r < columns[c].Count; r++)
            {
                positions[columns[c][r].Key] = (10 + c * ColumnWidth, Top + r * step + step / 2);
            }
        }

        var edges = new List<(string From, string To)>();
        foreach (var view in graph.Views)
        {
            edges.AddRange(view.Elements.Select(e => ($"e:{e}", $"v:{view.Name}")));
        }

        foreach (var indicator in graph.Indicators)
        {
            edges.AddRange(indicator.Views.Select(v => ($"v:{v}", $"i:{indicator.Id}")));
            edges.AddRange(indicator.Uses.Select(u => ($"i:{indicator.Id}", $"u:{u.Key}")));
        }

        var width = 10 + 3 * ColumnWidth + NodeWidth + 10;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"lineage-title\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"lineage-title\">{Escape(title)}</title>");
        string[] headings = ["Data elements", "Views", "Indicators", "Used in"];
        for (var c = 0; c < headings.Length; c++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{10 + c * ColumnWidth}\" y=\"20\" font-weight=\"bold\" fill=\"#212b32\">{headings[c]}</text>");
        }

        svg.Append("<g stroke=\"#aeb7bd\" stroke-width=\"1\" fill=\"none\">");
        foreach (var (from, to) in edges.Distinct())
        {
            if (positions.TryGetValue(from, out var a) && positions.TryGetValue(to, out var b))
            {
                var x1 = a.X + NodeWidth;
                var x2 = b.X;
                var mid = (x1 + x2) / 2;
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x1:0.#},{a.Y:0.#} C{mid:0.#},{a.Y:0.#} {mid:0.#},{b.Y:0.#} {x2:0.#},{b.Y:0.#}\"/>");
            }
        }

        svg.Append("</g>");
        foreach (var column in columns)
        {
            foreach (var (key, label, tip, marked) in column)
            {
                var (x, y) = positions[key];
                var fill = marked ? "#005eb8" : "#f0f4f5";
                var text = marked ? "#ffffff" : "#212b32";
                svg.Append(CultureInfo.InvariantCulture, $"<g><title>{Escape(tip)}</title><rect x=\"{x:0.#}\" y=\"{y - 8:0.#}\" width=\"{NodeWidth}\" height=\"16\" rx=\"3\" fill=\"{fill}\" stroke=\"#768692\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y + 4:0.#}\" fill=\"{text}\">{Escape(Shorten(label))}</text></g>");
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string label) => label.Length <= 40 ? label : label[..39] + "…";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
