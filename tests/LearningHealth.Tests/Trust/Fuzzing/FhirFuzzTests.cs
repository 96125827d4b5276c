using System.Text;
using System.Text.Json;
using LearningHealth.Fhir;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Skills;
using LearningHealth.Teams;
using LearningHealth.Teams.Import;
using LearningHealth.Tests.Fhir;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Workforce;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LearningHealth.Tests.Trust.Fuzzing;

/// <summary>FHIR NDJSON and Bundles, malformed: bad lines and entries are quarantined with their line, files that break off fail naming the line, and nothing throws.</summary>
public sealed class FhirFuzzTests(ITestOutputHelper output)
{
    private static string Bundle(int entries, int offset) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[\n"
        + string.Join(",\n", Enumerable.Range(offset, entries).Select(i => $"{{\"fullUrl\":\"urn:uuid:{i}\",\"resource\":{FhirTestData.Patient($"p{i}", family: "Family" + i)}}}"))
        + "\n]}";

    private static string Ndjson(int lines, int offset) =>
        string.Concat(Enumerable.Range(offset, lines).Select(i => FhirTestData.Patient($"p{i}", family: "Family" + i) + "\n"));

    [Fact]
    public void Fhir_bundles_read_without_a_database()
    {
        var failures = new List<string>();
        var problems = 0;
        const int Cases = 2_000;
        foreach (var (n, kind, bytes) in new Mutator(2201).Variants([Bundle(5, 0), Bundle(1, 10)], Cases, json: true))
        {
            try
            {
                foreach (var (_, number, problem) in BundleReader.Read(new MemoryStream(bytes), 64))
                {
                    if (problem is not null)
                    {
                        problems++;
                        if (number < 1)
                        {
                            failures.Add($"case {n} ({kind}): problem \"{problem}\" has no entry number");
                        }
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{problems} problems reported over {Cases} variants");
        Assert.True(problems > Cases / 2, $"only {problems} problems reported");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    [Fact]
    public void Fhir_ndjson_and_bundle_files_imported()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-fuzz-fhir-").FullName;
        try
        {
            var files = Path.Combine(dir, "in");
            Directory.CreateDirectory(files);
            var written = 0;
            foreach (var (n, _, bytes) in new Mutator(2301).Variants([Ndjson(5, 0), Ndjson(3, 100)], 120, json: true))
            {
                File.WriteAllBytes(Path.Combine(files, $"Patient-{n:D4}.ndjson"), bytes);
                written++;
            }

            foreach (var (n, _, bytes) in new Mutator(2302).Variants([Bundle(4, 200)], 60, json: true))
            {
                File.WriteAllBytes(Path.Combine(files, $"bundle-{n:D4}.json"), bytes);
                written++;
            }

            var data = Path.Combine(dir, "data");
            Directory.CreateDirectory(data);
            var summary = new FhirImporter(data).Import([files]);

            Assert.Equal(written, summary.Files.Count);
            Assert.All(summary.Files, f => Assert.True(f.Status is "imported" or "failed", $"{f.Path}: {f.Status}"));
            Assert.All(summary.Files.Where(f => f.Status == "failed"), f => Assert.Contains("line", f.Error!, StringComparison.Ordinal));
            Assert.True(summary.Quarantined > 0, "no line was quarantined: the mutations are too gentle");
            var quarantine = File.ReadAllLines(summary.QuarantineFile);
            Assert.Equal(summary.Quarantined, quarantine.Length);
            Assert.All(quarantine, line =>
            {
                using var record = JsonDocument.Parse(line);
                Assert.True(record.RootElement.GetProperty("line").GetInt64() >= 1, line);
                Assert.False(string.IsNullOrWhiteSpace(record.RootElement.GetProperty("reason").GetString()), line);
            });
            output.WriteLine($"{summary.Written} resources written, {summary.Quarantined} lines quarantined, {summary.Files.Count(f => f.Status == "failed")} files failed");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
