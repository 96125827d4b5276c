using System.Text;
using System.Text.Json;
using LearningHealth.Fhir;
using LearningHealth.Skills;
using LearningHealth.Tests.Fhir;
using LearningHealth.Workforce;

namespace LearningHealth.Tests.Trust.Fuzzing;

/// <summary>What the fuzz tests found, each pinned by a plain example.</summary>
public sealed class FuzzFindingsTests
{
    [Fact]
    public async Task A_case_file_with_a_repeated_property_is_refused_naming_it_not_a_crash()
    {
        var valid = (await FrameworkSeeds.ForAsync(FrameworkFormat.Case))[0];
        var lines = valid.Split('\n').ToList();
        var at = lines.FindIndex(l => l.TrimStart().StartsWith("\"identifier\"", StringComparison.Ordinal));
        lines.Insert(at, lines[at]);

        var outcome = ImportFramework.Parse(string.Join('\n', lines), FrameworkFormat.Case);

        var problem = Assert.Single(outcome.Problems);
        Assert.Equal("File", problem.Field);
        Assert.Equal("The file is not valid JSON: Duplicate property 'identifier' encountered during deserialization.", problem.Message);
    }

    [Fact]
    public void A_workforce_scenario_with_a_byte_order_mark_reads_as_without_one()
    {
        var plain = ScenarioFile.Parse(WorkforceExamples.Scenario);
        var marked = ScenarioFile.Parse("\uFEFF" + WorkforceExamples.Scenario);

        Assert.True(plain.Succeeded);
        Assert.True(marked.Succeeded, string.Join("; ", marked.Problems.Select(p => p.Message)));
        Assert.Equal(ScenarioFile.Write(ScenarioFile.TryRead(WorkforceExamples.Scenario)!), ScenarioFile.Write(ScenarioFile.TryRead(WorkforceExamples.Scenario.TrimStart('\uFEFF'))!));
    }

    [Fact]
    public void A_workforce_scenario_broken_outside_any_field_names_the_line()
    {
        var outcome = ScenarioFile.Parse(WorkforceExamples.Scenario + "\n{");

        var problem = Assert.Single(outcome.Problems);
        Assert.Null(problem.Field);
        Assert.StartsWith($"The scenario is not valid JSON (line {WorkforceExamples.Scenario.Split('\n').Length + 1}): ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_whose_resource_type_is_not_utf8_is_a_problem_not_a_crash()
    {
        byte[] bundle = [.. "{\"resourceType\":\"Bund"u8, 0xC3, 0x28, .. "le\",\"entry\":[]}"u8];

        var entries = BundleReader.Read(new MemoryStream(bundle)).ToList();

        var (_, number, problem) = Assert.Single(entries);
        Assert.Equal(1, number);
        Assert.StartsWith("invalid UTF-8: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ndjson_line_that_is_not_utf8_is_quarantined_and_the_other_lines_imported()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-fuzz-utf8-").FullName;
        try
        {
            var file = Path.Combine(dir, "Patient.ndjson");
            var bad = Encoding.UTF8.GetBytes(FhirTestData.Patient("p2", family: "Br@wn"));
            bad[Array.IndexOf(bad, (byte)'@')] = 0xFF;
            File.WriteAllBytes(file, [.. Encoding.UTF8.GetBytes(FhirTestData.Patient("p1") + "\n"), .. bad, (byte)'\n', .. Encoding.UTF8.GetBytes(FhirTestData.Patient("p3") + "\n")]);

            var summary = new FhirImporter(Path.Combine(dir, "data")).Import([file]);

            Assert.Equal(2, summary.Written);
            Assert.Equal(1, summary.Quarantined);
            using var record = JsonDocument.Parse(File.ReadAllLines(summary.QuarantineFile).Single());
            Assert.Equal(2, record.RootElement.GetProperty("line").GetInt64());
            Assert.Equal("not valid UTF-8", record.RootElement.GetProperty("reason").GetString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_bundle_entry_that_is_not_utf8_is_a_problem_for_that_entry_and_the_others_are_read()
    {
        byte[] bundle = [.. "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":"u8, .. Encoding.UTF8.GetBytes(FhirTestData.Patient("p1")), .. "},\n{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p"u8, 0xFF, .. "\"}},\n{\"resource\":"u8, .. Encoding.UTF8.GetBytes(FhirTestData.Patient("p3")), .. "}]}"u8];

        var entries = BundleReader.Read(new MemoryStream(bundle)).Select(e => (e.Number, e.Problem)).ToList();

        Assert.Equal([(1L, (string?)null), (2L, "the Bundle entry is not valid UTF-8"), (3L, null)], entries);
    }
}
