using System.Security.Cryptography;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using LearningHealth.Fhir;

namespace LearningHealth.Tests.Fhir;

public sealed class SyntheticFhirGeneratorTests : IDisposable
{
    private static readonly JsonSerializerOptions Firely = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private readonly string folder = Directory.CreateTempSubdirectory("lhs-generate-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Every_file_holds_valid_R4_resources_that_the_Firely_SDK_parses()
    {
        var counts = SyntheticFhirGenerator.Write(new GeneratorOptions(150, 12, 3, 11), folder);

        Assert.All(counts, pair => Assert.True(pair.Value > 0, $"no {pair.Key}"));
        foreach (var (type, count) in counts)
        {
            var lines = File.ReadLines(Path.Combine(folder, type + ".ndjson")).ToList();
            Assert.Equal(count, lines.Count);
            // A sample of each file: the first lines and every 37th.
            foreach (var line in lines.Where((_, i) => i < 5 || i % 37 == 0))
            {
                var resource = JsonSerializer.Deserialize<Resource>(line, Firely)!;
                Assert.Equal(type, resource.TypeName);
            }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var options = new GeneratorOptions(60, 8, 2, 5);
        SyntheticFhirGenerator.Write(options, Path.Combine(folder, "a"));
        SyntheticFhirGenerator.Write(options, Path.Combine(folder, "b"));
        SyntheticFhirGenerator.Write(options with { Seed = 6 }, Path.Combine(folder, "c"));

        foreach (var file in Directory.GetFiles(Path.Combine(folder, "a")).Select(Path.GetFileName))
        {
            Assert.Equal(Hash("a", file!), Hash("b", file!));
        }

        Assert.NotEqual(Hash("a", "Encounter.ndjson"), Hash("c", "Encounter.ndjson"));
    }

    [Fact]
    public void Encounters_are_about_one_and_a_half_kilobytes_and_some_use_conditional_references()
    {
        SyntheticFhirGenerator.Write(new GeneratorOptions(100, 10, 2, 3), folder);
        var lines = File.ReadAllLines(Path.Combine(folder, "Encounter.ndjson"));

        Assert.InRange(lines.Average(line => line.Length), 1300, 1800);
        var conditional = lines.Count(line => line.Contains($"Practitioner?identifier={SyntheticFhirGenerator.NpiSystem}|", StringComparison.Ordinal));
        Assert.InRange(conditional, lines.Length / 4, lines.Length * 3 / 4);
    }

    [Fact]
    public void Practitioners_differ_in_antibiotic_prescribing_for_respiratory_infections()
    {
        SyntheticFhirGenerator.Write(new GeneratorOptions(3000, 10, 2, 9), folder);
        var respiratory = new HashSet<string>(["54150009", "195662009", "444814009", "10509002"]);
        var infectionsByPractitioner = new Dictionary<string, int>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "Condition.ndjson")))
        {
            using var condition = JsonDocument.Parse(line);
            var code = condition.RootElement.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString()!;
            if (respiratory.Contains(code))
            {
                var recorder = condition.RootElement.GetProperty("recorder").GetProperty("reference").GetString()!;
                infectionsByPractitioner[recorder] = infectionsByPractitioner.GetValueOrDefault(recorder) + 1;
            }
        }

        var antibioticsByPractitioner = new Dictionary<string, int>();
        foreach (var line in File.ReadLines(Path.Combine(folder, "MedicationRequest.ndjson")))
        {
            using var request = JsonDocument.Parse(line);
            if (request.RootElement.GetProperty("dispenseRequest").GetProperty("quantity").GetProperty("value").GetInt32() == 15)
            {
                var requester = request.RootElement.GetProperty("requester").GetProperty("reference").GetString()!;
                antibioticsByPractitioner[requester] = antibioticsByPractitioner.GetValueOrDefault(requester) + 1;
            }
        }

        var rates = infectionsByPractitioner.Select(pair => (double)antibioticsByPractitioner.GetValueOrDefault(pair.Key) / pair.Value).Order().ToList();
        var median = rates[rates.Count / 2];
        Assert.InRange(median, 0.2, 0.5);
        Assert.True(rates[^1] > median * 1.6, $"highest rate {rates[^1]:F2} against a median of {median:F2}");
    }

    private string Hash(string run, string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, run, file))));
}
