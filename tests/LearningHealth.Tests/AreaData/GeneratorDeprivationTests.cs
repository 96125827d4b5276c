using System.Text.Json;
using LearningHealth.AreaData;
using LearningHealth.Fhir;

namespace LearningHealth.Tests.AreaData;

public sealed class GeneratorDeprivationTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lhs-generate-area-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Without_the_option_or_with_no_districts_listed_the_output_is_unchanged()
    {
        var options = new GeneratorOptions(80, 6, 2, 9);
        SyntheticFhirGenerator.Write(options, Path.Combine(folder, "default"));
        SyntheticFhirGenerator.Write(options with { DeprivationByDistrict = new Dictionary<string, int>() }, Path.Combine(folder, "empty"));

        foreach (var file in Directory.GetFiles(Path.Combine(folder, "default")))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(folder, "empty", Path.GetFileName(file))));
        }
    }

    [Fact]
    public void With_the_option_prescribing_is_higher_in_deprived_districts()
    {
        var options = new GeneratorOptions(2500, 12, 2, 17);
        var deciles = SyntheticAreaData.DeprivationByDistrict();
        SyntheticFhirGenerator.Write(options, Path.Combine(folder, "off"));
        SyntheticFhirGenerator.Write(options with { DeprivationByDistrict = deciles }, Path.Combine(folder, "on"));

        // Patients are the same up to the first prescription the effect changes; after that the random draws differ.
        Assert.Equal(File.ReadLines(Path.Combine(folder, "off", "Patient.ndjson")).First(), File.ReadLines(Path.Combine(folder, "on", "Patient.ndjson")).First());
        Assert.Equal(options.Patients, File.ReadLines(Path.Combine(folder, "on", "Patient.ndjson")).Count());
        var (offDeprived, offAffluent) = Rates(Path.Combine(folder, "off"), deciles);
        var (onDeprived, onAffluent) = Rates(Path.Combine(folder, "on"), deciles);
        // Deciles 1–3 are prescribed for about 1 + 0.05 × 3.5 = 1.175 times, deciles 8–10 about 0.825 times as often.
        Assert.True(onDeprived - onAffluent > (offDeprived - offAffluent) + 0.08, $"on {onDeprived:P1} vs {onAffluent:P1}; off {offDeprived:P1} vs {offAffluent:P1}");
    }

    /// <summary>Share of respiratory consultations with an antibiotic, for patients in deciles 1–3 and in deciles 8–10.</summary>
    private static (double Deprived, double Affluent) Rates(string folder, IReadOnlyDictionary<string, int> deciles)
    {
        var decileOf = File.ReadLines(Path.Combine(folder, "Patient.ndjson")).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(p => "Patient/" + p.GetProperty("id").GetString(), p => deciles[AreaTypes.District(p.GetProperty("address")[0].GetProperty("postalCode").GetString())!]);
        var respiratory = File.ReadLines(Path.Combine(folder, "Encounter.ndjson")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type")[0].GetProperty("coding")[0].GetProperty("code").GetString() == "185345009")
            .ToDictionary(e => "Encounter/" + e.GetProperty("id").GetString(), e => decileOf[e.GetProperty("subject").GetProperty("reference").GetString()!]);
        var prescribed = File.ReadLines(Path.Combine(folder, "MedicationRequest.ndjson")).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(m => m.GetProperty("encounter").GetProperty("reference").GetString()!)
            .Where(respiratory.ContainsKey)
            .ToHashSet();
        double Rate(Func<int, bool> group)
        {
            var cases = respiratory.Where(e => group(e.Value)).ToList();
            return cases.Count(e => prescribed.Contains(e.Key)) / (double)cases.Count;
        }

        return (Rate(d => d <= 3), Rate(d => d >= 8));
    }
}
