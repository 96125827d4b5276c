using System.Globalization;

namespace LearningHealth.AreaData;

/// <summary>
/// A small invented area data set for the 22 postcode districts the synthetic FHIR generator uses
/// (<see cref="Fhir.SyntheticFhirGenerator"/>): deprivation decile (1 = most deprived), rurality (urban or rural) and
/// annual mean PM2.5 (µg/m³). The values are made up to look plausible; they are not the English Indices of
/// Deprivation, the rural–urban classification or DEFRA's air-quality modelling, and must not be read as facts
/// about those places. Embedded in the assembly (<c>AreaData/Synthetic/synthetic-area-deprivation.csv</c>).
/// </summary>
public static class SyntheticAreaData
{
    public const string Name = "synthetic-area-deprivation";
    public const string Source = "SYNTHETIC: invented by LearningHealth for the demo; not the English Indices of Deprivation, not real air-quality data";
    public const string Licence = "Public domain (CC0); synthetic";
    public const string DataDate = "2025-01-01";
    private const string Resource = "LearningHealth.AreaData.Synthetic.synthetic-area-deprivation.csv";

    /// <summary>The CSV as shipped.</summary>
    public static string Csv()
    {
        using var stream = typeof(SyntheticAreaData).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The command that imports it, marked synthetic.</summary>
    public static ImportAreaDataCommand Command(string? importedBy = null) => new()
    {
        Name = Name,
        AreaType = AreaTypes.Name(AreaType.PostcodeDistrict),
        Source = Source,
        Licence = Licence,
        DataDate = DataDate,
        Synthetic = true,
        ImportedBy = importedBy,
    };

    /// <summary>Deprivation decile by postcode district, for the generator's optional deprivation effect.</summary>
    public static IReadOnlyDictionary<string, int> DeprivationByDistrict()
    {
        var lines = Csv().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, ImportAreaData.DeprivationDecileColumn);
        return lines.Skip(1).Select(l => l.Split(','))
            .ToDictionary(f => f[0], f => int.Parse(f[column], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}
