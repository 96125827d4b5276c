using System.Globalization;
using System.Text;

namespace LearningHealth.Workforce;

/// <summary>The projection as CSV: one row per variant, role and year, with Monte Carlo bands when they were run.</summary>
public static class ProjectionExport
{
    public static string Csv(IReadOnlyList<VariantProjection> projections, MonteCarloResult? bands = null)
    {
        var csv = new StringBuilder();
        csv.Append("variant,role,year,supply,demand,gap,completions,recruits,conversions,attrition,retirement,known_endings");
        if (bands is not null)
        {
            csv.Append(",supply_p10,supply_p50,supply_p90,demand_p10,demand_p50,demand_p90,gap_p10,gap_p50,gap_p90,share_closed");
        }

        csv.Append('\n');
        foreach (var variant in projections)
        {
            foreach (var role in variant.Roles)
            {
                var roleBands = bands is not null && bands.Variant == variant.Variant
                    ? bands.Roles.FirstOrDefault(r => r.Role == role.Role)
                    : null;
                for (var i = 0; i < role.Years.Count; i++)
                {
                    var y = role.Years[i];
                    csv.Append(Field(variant.Variant)).Append(',').Append(Field(role.Role)).Append(',').Append(y.Year.ToString(CultureInfo.InvariantCulture));
                    foreach (var value in new[] { y.Supply, y.Demand, y.Gap, y.Completions, y.Recruits, y.Conversions, y.Attrition, y.Retirement, y.KnownEndings })
                    {
                        csv.Append(',').Append(Number(value));
                    }

                    if (bands is not null)
                    {
                        if (roleBands is null)
                        {
                            csv.Append(',', 10);
                        }
                        else
                        {
                            var b = roleBands.Years[i];
                            foreach (var band in new[] { b.Supply, b.Demand, b.Gap })
                            {
                                csv.Append(',').Append(Number(band.P10)).Append(',').Append(Number(band.P50)).Append(',').Append(Number(band.P90));
                            }

                            csv.Append(',').Append(Number(b.ShareClosed));
                        }
                    }

                    csv.Append('\n');
                }
            }
        }

        return csv.ToString();
    }

    public static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Quotes a text field when it needs it, and defuses spreadsheet formulas (=, +, -, @ at the start).</summary>
    private static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
