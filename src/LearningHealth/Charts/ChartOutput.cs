using System.Globalization;
using System.Net;
using OxyPlot;

namespace LearningHealth.Charts;

/// <summary>
/// A chart as the app serves it: an SVG (with its own title and description for screen readers), the same
/// description as a paragraph of text, and the data as a table.
/// </summary>
public sealed record ChartOutput(string Svg, string Description, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The plot the SVG was drawn from, kept so the same chart can also be exported as PNG.</summary>
    public PlotModel? Model { get; init; }

    /// <summary>
    /// The chart as a PNG (OxyPlot's SkiaSharp renderer), for slides and documents that do not take SVG. The image
    /// has no text alternative of its own: pair it with <see cref="Description"/>.
    /// </summary>
    public byte[] ToPng(int width = ChartStyle.Width, int height = ChartStyle.Height)
    {
        if (Model is null)
        {
            throw new InvalidOperationException("This chart was made without its plot model, so it can only be exported as SVG.");
        }

        using var stream = new MemoryStream();
        lock (Model)
        {
            // A plot model renders one image at a time; the lock keeps two downloads of one cached chart apart.
            new OxyPlot.SkiaSharp.PngExporter { Width = width, Height = height }.Export(Model, stream);
        }

        return stream.ToArray();
    }

    /// <summary>The data table as CSV (RFC 4180 quoting).</summary>
    public string ToCsv()
    {
        static string Cell(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
        return string.Join("\r\n", new[] { Headers }.Concat(Rows).Select(r => string.Join(',', r.Select(Cell)))) + "\r\n";
    }
}

/// <summary>Colours, number formats and SVG export shared by the charts.</summary>
public static class ChartStyle
{
    /// <summary>Making Data Count: special cause improvement (blue), concern (orange), neutral (purple), common cause (grey).</summary>
    public static readonly OxyColor Improvement = OxyColor.FromRgb(0x28, 0x9D, 0xE0);
    public static readonly OxyColor Concern = OxyColor.FromRgb(0xFA, 0xB4, 0x28);
    public static readonly OxyColor Neutral = OxyColor.FromRgb(0x36, 0x14, 0x75);
    public static readonly OxyColor CommonCause = OxyColor.FromRgb(0x7B, 0x7D, 0x7D);
    public static readonly OxyColor Target = OxyColor.FromRgb(0xDE, 0x1B, 0x1B);
    public static readonly OxyColor Highlight = OxyColor.FromRgb(0x00, 0x5E, 0xB8);
    public static readonly OxyColor Text = OxyColor.FromRgb(0x21, 0x2B, 0x32);

    public const int Width = 760;
    public const int Height = 420;

    /// <summary>A proportion as a percentage with one decimal, e.g. 0.4567 → "45.7%".</summary>
    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Number(double? value) =>
        value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "–";

    /// <summary>
    /// Exports a plot model to SVG and gives the root element <c>role="img"</c>, a <c>&lt;title&gt;</c> and a
    /// <c>&lt;desc&gt;</c>, so that screen readers announce the chart by its description.
    /// </summary>
    public static string Svg(PlotModel model, string title, string description, int width = Width, int height = Height)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Background = OxyColors.White;
        model.TextColor = Text;
        model.DefaultFont = "Arial";
        var svg = SvgExporter.ExportToString(model, width, height, isDocument: false);
        var open = svg.IndexOf("<svg", StringComparison.Ordinal);
        var close = svg.IndexOf('>', open);
        // Several charts may share a page: the ids that tie the title and description to the chart must differ.
        var id = "chart-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title + description)))[..10];
        var head = svg[open..close].Replace("<svg", $"<svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"", StringComparison.Ordinal);
        return svg[..open] + head + ">" +
            $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-desc\">{WebUtility.HtmlEncode(description)}</desc>" +
            svg[(close + 1)..];
    }
}
