using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace LearningHealth.Feedback;

/// <summary>
/// A clinician's cycle report as a PDF (PDFsharp): the same content as the HTML report, as text and tables, with a
/// simple line chart of the clinician's monthly values per indicator (their own values and the target; no control
/// limits, which the HTML report's linked charts show). Each indicator is a bookmark.
/// </summary>
public static class CycleReportPdf
{
    private const double Margin = 48;
    private static readonly Lock FontGate = new();

    public static byte[] Render(CycleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Feedback on practice, {report.Month}: {report.ClinicianName}";
        document.Info.Author = "LearningHealth";
        document.Options.CompressContentStreams = true;
        var writer = new PageWriter(document);
        writer.Heading($"Feedback on practice: {report.Month}", 18);
        writer.Line(report.ClinicianName, 12, bold: true);
        writer.Line($"Published {report.Cycle.PublishedAt:d MMMM yyyy}; data up to {(report.Cycle.DataUpTo is { } d ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "unknown")}.", 9);
        writer.Line("Your own results only. Peers appear as one pooled figure for all clinicians with cases in the month.", 9);
        writer.Gap(8);

        writer.Heading("Summary", 13);
        writer.Table(
            [("Indicator", 190), ("You", 60), ("Cases", 60), ("All clinicians", 80), ("Target", 50), ("Expected range", 60)],
            report.Indicators.Select(i => new[]
            {
                i.Indicator.Title,
                Value(i.Own),
                i.Own is null ? "none" : $"{i.Own.Numerator}/{i.Own.Denominator}",
                Percent(i.PeerValue),
                Percent(i.Indicator.Target),
                RangeText(i),
            }).ToList());

        if (report.Changes.Count > 0)
        {
            writer.Gap(8);
            writer.Heading("What changed in the definitions", 13);
            foreach (var change in report.Changes)
            {
                writer.Paragraph($"{change.ItemTitle} ({change.EffectiveFrom:MMMM yyyy}): {change.Summary}", 9);
            }
        }

        foreach (var indicator in report.Indicators)
        {
            writer.NewPage();
            writer.Bookmark(indicator.Indicator.Title);
            writer.Heading(indicator.Indicator.Title, 14);
            writer.Paragraph(indicator.Indicator.Description, 9);
            writer.Line($"Better is {(indicator.Indicator.Improvement == Statistics.ImprovementDirection.Decrease ? "lower" : indicator.Indicator.Improvement == Statistics.ImprovementDirection.Increase ? "higher" : "neither higher nor lower")}; target {Percent(indicator.Indicator.Target)}; fewer than {indicator.Indicator.MinimumDenominator} cases in a month are not charted.", 9);
            writer.Line($"{report.Month}: you {Value(indicator.Own)} ({(indicator.Own is null ? "no cases" : $"{indicator.Own.Numerator} of {indicator.Own.Denominator}")}); all clinicians {Percent(indicator.PeerValue)} ({indicator.PeerClinicians} clinicians). {RangeText(indicator)}.", 10, bold: true);
            writer.Gap(6);
            writer.Chart(indicator);
            writer.Gap(6);
            writer.Table(
                [("Month", 110), ("Cases", 70), ("Met", 70), ("Value", 70), ("95% interval", 120)],
                indicator.History.Select(r => new[]
                {
                    r.PeriodStart.ToString("MMM yyyy", CultureInfo.InvariantCulture),
                    r.Denominator.ToString(CultureInfo.InvariantCulture),
                    r.Numerator.ToString(CultureInfo.InvariantCulture),
                    r.BelowMinimum ? $"{Percent(r.Value)} (few cases)" : Percent(r.Value),
                    r.CiLower is { } lo && r.CiUpper is { } hi ? $"{Percent(lo)} to {Percent(hi)}" : "",
                }).ToList());
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public static string Value(Indicators.StoredResult? own) => own is null ? "no cases" : Percent(own.Value);

    public static string RangeText(ReportIndicator indicator) => indicator.Own?.FunnelFlag998 switch
    {
        "above" => "Above the expected range",
        "below" => "Below the expected range",
        "inside" => "Within the expected range",
        _ => "Not assessed",
    };

    public static string Percent(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>
    /// PDFsharp's core build needs a font resolver on Linux; this one serves the fonts embedded in the assembly.
    /// </summary>
    private static void EnsureFonts()
    {
        lock (FontGate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new SystemSansFontResolver();
            }
        }
    }

    private sealed class PageWriter
    {
        private readonly PdfDocument document;
        private PdfPage page = null!;
        private XGraphics graphics = null!;
        private double y;

        public PageWriter(PdfDocument document)
        {
            this.document = document;
            NewPage();
        }

        private double Width => page.Width.Point - 2 * Margin;

        public void NewPage()
        {
            graphics?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            graphics = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        private void Room(double height)
        {
            if (y + height > page.Height.Point - Margin)
            {
                NewPage();
            }
        }

        public void Bookmark(string title) => document.Outlines.Add(title, page, true);

        public void Gap(double points) => y += points;

        public void Heading(string text, double size) => Line(text, size, bold: true);

        public void Line(string text, double size, bool bold = false)
        {
            var font = new XFont(SystemSansFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            foreach (var line in Wrap(text, font, Width))
            {
                Room(size * 1.4);
                graphics.DrawString(line, font, XBrushes.Black, new XRect(Margin, y, Width, size * 1.4), XStringFormats.TopLeft);
                y += size * 1.4;
            }
        }

        public void Paragraph(string text, double size)
        {
            Line(text, size);
            y += size * 0.4;
        }

        public void Table(IReadOnlyList<(string Header, double Width)> columns, IReadOnlyList<string[]> rows)
        {
            var header = new XFont(SystemSansFontResolver.Family, 8.5, XFontStyleEx.Bold);
            var body = new XFont(SystemSansFontResolver.Family, 8.5, XFontStyleEx.Regular);
            Row(columns.Select(c => c.Header).ToArray(), header);
            foreach (var row in rows)
            {
                Row(row, body);
            }

            void Row(string[] cells, XFont font)
            {
                var wrapped = cells.Select((c, i) => Wrap(c, font, columns[i].Width - 4)).ToList();
                var height = wrapped.Max(w => w.Count) * 11 + 4;
                Room(height);
                var x = Margin;
                for (var i = 0; i < columns.Count; i++)
                {
                    for (var l = 0; l < wrapped[i].Count; l++)
                    {
                        graphics.DrawString(wrapped[i][l], font, XBrushes.Black, new XRect(x + 2, y + 2 + l * 11, columns[i].Width - 4, 11), XStringFormats.TopLeft);
                    }

                    x += columns[i].Width;
                }

                y += height;
                graphics.DrawLine(XPens.LightGray, Margin, y, Margin + columns.Sum(c => c.Width), y);
            }
        }

        /// <summary>The clinician's charted monthly values as a line, the target dashed; months with few cases are left out.</summary>
        public void Chart(ReportIndicator indicator)
        {
            const double height = 140;
            var points = indicator.History.Where(r => !r.BelowMinimum && r.Value is not null).ToList();
            var small = new XFont(SystemSansFontResolver.Family, 7.5, XFontStyleEx.Regular);
            if (points.Count < 2)
            {
                Line("Too few charted months for a line chart; the table below gives the data.", 9);
                return;
            }

            Room(height + 20);
            var left = Margin + 30;
            var width = Width - 40;
            var top = y;
            var max = Math.Min(1, Math.Max(points.Max(p => p.Value!.Value), indicator.Indicator.Target ?? 0) * 1.15 + 0.02);
            double X(int i) => left + width * i / Math.Max(1, points.Count - 1);
            double Y(double v) => top + height - height * v / max;
            graphics.DrawRectangle(XPens.LightGray, left, top, width, height);
            foreach (var tick in new[] { 0, max / 2, max })
            {
                graphics.DrawString(Percent(tick), small, XBrushes.Gray, new XRect(Margin - 4, Y(tick) - 5, 32, 10), XStringFormats.TopLeft);
            }

            if (indicator.Indicator.Target is { } target && target <= max)
            {
                var pen = new XPen(XColor.FromArgb(0xDE, 0x1B, 0x1B), 1) { DashStyle = XDashStyle.Dash };
                graphics.DrawLine(pen, left, Y(target), left + width, Y(target));
            }

            var line = new XPen(XColor.FromArgb(0x00, 0x5E, 0xB8), 1.5);
            graphics.DrawLines(line, points.Select((p, i) => new XPoint(X(i), Y(p.Value!.Value))).ToArray());
            graphics.DrawString(points[0].PeriodStart.ToString("MMM yyyy", CultureInfo.InvariantCulture), small, XBrushes.Gray, new XRect(left, top + height + 2, 80, 10), XStringFormats.TopLeft);
            graphics.DrawString(points[^1].PeriodStart.ToString("MMM yyyy", CultureInfo.InvariantCulture), small, XBrushes.Gray, new XRect(left + width - 80, top + height + 2, 80, 10), XStringFormats.TopRight);
            y = top + height + 16;
        }

        private List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var current = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && graphics.MeasureString(candidate, font).Width > width)
                {
                    lines.Add(current);
                    current = word;
                }
                else
                {
                    current = candidate;
                }
            }

            lines.Add(current);
            return lines;
        }
    }

    /// <summary>
    /// DejaVu Sans, shipped inside the assembly (Feedback/Fonts, Bitstream Vera licence), so PDF reports look the same
    /// on every machine and need no fonts installed.
    /// </summary>
    private sealed class SystemSansFontResolver : IFontResolver
    {
        public const string Family = "LhsSans";
        private const string Prefix = "LearningHealth.Feedback.Fonts.";

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");

        public byte[]? GetFont(string faceName)
        {
            using var stream = typeof(CycleReportPdf).Assembly.GetManifestResourceStream(Prefix + faceName)
                ?? throw new InvalidOperationException($"The font {faceName} is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
