using System.Text.RegularExpressions;

namespace LearningHealth.AreaData;

/// <summary>The geography an area data set is keyed by.</summary>
public enum AreaType
{
    /// <summary>The outward code of a UK postcode, e.g. <c>LS6</c>.</summary>
    PostcodeDistrict,

    /// <summary>The outward code and the first digit of the inward code, e.g. <c>LS6 2</c>.</summary>
    PostcodeSector,

    /// <summary>An ONS Lower Layer Super Output Area, e.g. <c>E01011264</c>.</summary>
    Lsoa,
}

/// <summary>Names, parsing and code formats of the area types, and how a postcode maps to a district or a sector.</summary>
public static partial class AreaTypes
{
    public static readonly IReadOnlyList<AreaType> All = [AreaType.PostcodeDistrict, AreaType.PostcodeSector, AreaType.Lsoa];

    /// <summary>The name used in files, the command line and the database: <c>postcode_district</c>, <c>postcode_sector</c>, <c>lsoa</c>.</summary>
    public static string Name(AreaType type) => type switch
    {
        AreaType.PostcodeDistrict => "postcode_district",
        AreaType.PostcodeSector => "postcode_sector",
        _ => "lsoa",
    };

    public static string Label(AreaType type) => type switch
    {
        AreaType.PostcodeDistrict => "Postcode district (e.g. LS6)",
        AreaType.PostcodeSector => "Postcode sector (e.g. LS6 2)",
        _ => "LSOA (e.g. E01011264)",
    };

    public static bool TryParse(string? text, out AreaType type)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(text?.Trim(), Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static string Allowed => string.Join(", ", All.Select(Name));

    /// <summary>
    /// A code as stored: trimmed, upper case, inner spaces collapsed to one; null when it is not a code of this type.
    /// Formats follow the Royal Mail postcode structure (outward code: one or two letters, a digit, then an optional
    /// letter or digit; a sector adds the first digit of the inward code) and the ONS GSS code for LSOAs in England
    /// (E01) and Wales (W01) followed by six digits.
    /// </summary>
    public static string? Normalise(AreaType type, string text)
    {
        var code = Spaces().Replace(text.Trim().ToUpperInvariant(), " ");
        var valid = type switch
        {
            AreaType.PostcodeDistrict => District().IsMatch(code),
            AreaType.PostcodeSector => Sector().IsMatch(code),
            _ => Lsoa().IsMatch(code),
        };
        return valid ? code : null;
    }

    public static string Example(AreaType type) => type switch
    {
        AreaType.PostcodeDistrict => "LS6",
        AreaType.PostcodeSector => "LS6 2",
        _ => "E01011264",
    };

    /// <summary>
    /// The SQL expression (DuckDB) that gives a patient's key for this area type from a postcode column:
    /// the district is the text before the space, upper-cased; the sector adds a space and the first character of the
    /// inward code. A postcode without a space gives NULL (not linked) rather than a guess. LSOAs cannot be derived
    /// from a postcode without a lookup (the ONS Postcode Directory), so they give NULL.
    /// </summary>
    internal static string KeySql(AreaType type, string postcode) => type switch
    {
        AreaType.PostcodeDistrict =>
            $"CASE WHEN strpos(trim({postcode}), ' ') > 0 THEN upper(split_part(trim({postcode}), ' ', 1)) END",
        AreaType.PostcodeSector =>
            $"CASE WHEN strpos(trim({postcode}), ' ') > 0 THEN upper(split_part(trim({postcode}), ' ', 1)) || ' ' || left(ltrim(substr(trim({postcode}), strpos(trim({postcode}), ' '))), 1) END",
        _ => "CAST(NULL AS VARCHAR)",
    };

    /// <summary>The district of a postcode (text before the space, upper case), or null; the C# twin of <see cref="KeySql"/>.</summary>
    public static string? District(string? postcode)
    {
        var text = postcode?.Trim();
        var space = text?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        return space > 0 ? text![..space].ToUpperInvariant() : null;
    }

    /// <summary>The sector of a postcode (district, a space, the first character of the inward code), or null.</summary>
    public static string? Sector(string? postcode)
    {
        var district = District(postcode);
        if (district is null)
        {
            return null;
        }

        var inward = postcode!.Trim()[district.Length..].TrimStart();
        return inward.Length > 0 ? district + " " + char.ToUpperInvariant(inward[0]) : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?$")]
    private static partial Regex District();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]$")]
    private static partial Regex Sector();

    [GeneratedRegex("^[EW]01[0-9]{6}$")]
    private static partial Regex Lsoa();
}
