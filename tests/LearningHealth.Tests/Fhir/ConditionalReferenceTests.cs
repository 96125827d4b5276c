using LearningHealth.Fhir;
using LearningHealth.SqlOnFhir;

namespace LearningHealth.Tests.Fhir;

public sealed class ConditionalReferenceTests : IDisposable
{
    private const string Practitioner = """
        {"resourceType":"Practitioner","id":"dr-9999974493","identifier":[{"system":"http://hl7.org/fhir/sid/us-npi","value":"9999974493"}],"name":[{"family":"Hale"}]}
        """;

    private const string Encounter = """
        {"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/p1"},"participant":[{"individual":{"reference":"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999974493","display":"Dr. Hale"}},{"individual":{"reference":"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|0000000000"}}]}
        """;

    private const string View = """
        {"resourceType":"ViewDefinition","name":"encounter_practitioners","resource":"Encounter","status":"active",
         "select":[{"column":[{"name":"id","path":"getResourceKey()"}]},
                   {"forEach":"participant","column":[{"name":"practitioner_id","path":"individual.getReferenceKey(Practitioner)"}]}]}
        """;

    private readonly FhirTestData data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void A_Synthea_style_conditional_reference_is_resolved_so_getReferenceKey_joins_to_the_practitioner()
    {
        // The encounter comes first in the import order, as Encounter.ndjson sorts before Practitioner.ndjson.
        var encounters = data.Write("Encounter.ndjson", Encounter + "\n");
        var practitioners = data.Write("Practitioner.ndjson", Practitioner + "\n");

        var summary = data.Import(encounters, practitioners);

        Assert.Equal(1, summary.ReferencesResolved);
        Assert.Equal(1, summary.ReferencesUnresolved);
        Assert.Equal("dr-9999974493", data.Query("SELECT id FROM identifiers WHERE system = 'http://hl7.org/fhir/sid/us-npi' AND value = '9999974493'")[0][0]);
        var json = (string)data.Query("SELECT json FROM resources WHERE resource_type = 'Encounter' AND id = 'e1'")[0][0]!;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var rows = ViewDefinition.Parse(View).Evaluate(document.RootElement);
        Assert.Equal("dr-9999974493", rows[0][1]);
        Assert.Null(rows[1][1]);
    }

    [Fact]
    public void A_reference_resolved_by_a_later_import_once_its_target_arrives()
    {
        data.Import(data.Write("Encounter.ndjson", Encounter + "\n"));
        var later = data.Import(data.Write("Practitioner.ndjson", Practitioner + "\n"));

        Assert.Equal(1, later.ReferencesResolved);
        Assert.Contains("\"reference\":\"Practitioner/dr-9999974493\"", (string)data.Query("SELECT json FROM resources WHERE id = 'e1'")[0][0]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_unresolved_references_are_resolved_in_pages_when_their_target_arrives()
    {
        var lines = Enumerable.Range(0, 12_000).Select(i => Encounter.Replace("\"id\":\"e1\"", $"\"id\":\"e{i}\"", StringComparison.Ordinal));
        var first = data.Import(data.Write("Encounter.ndjson", string.Join('\n', lines) + "\n"));
        var second = data.Import(data.Write("Practitioner.ndjson", Practitioner + "\n"));

        Assert.Equal(0, first.ReferencesResolved);
        Assert.Equal(24_000, first.ReferencesUnresolved);
        Assert.Equal(12_000, second.ReferencesResolved);
        Assert.Equal(12_000, second.ReferencesUnresolved);
        Assert.Equal(12_000, data.Count("SELECT count(*) FROM resources WHERE contains(json, 'Practitioner/dr-9999974493')"));
    }

    [Fact]
    public async Task View_run_over_raw_files_resolves_references_to_resources_in_the_files_and_counts_the_rest()
    {
        // The encounters come first: the identifiers are read in a first pass, whatever the order of the files.
        var encounters = data.Write("Encounter.ndjson", Encounter + "\n");
        var practitioners = data.Write("Practitioner.ndjson", Practitioner + "\n");
        var view = data.Write("view.json", View);
        var rows = Path.Combine(data.Root, "rows.csv");

        var (exit, output, error) = await ViewCommandTests.RunAsync("view", "run", view, encounters, practitioners, "--out", rows);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Conditional references: 1 resolved, 1 not resolved (no Practitioner with that identifier in the files given", output, StringComparison.Ordinal);
        Assert.Equal(["id,practitioner_id", "e1,dr-9999974493", "e1,"], File.ReadAllLines(rows));
    }

    [Fact]
    public void The_first_pass_finds_the_same_on_several_threads_as_on_one()
    {
        // The generator's files, scanned in 64 KB blocks so there are many, with references, targets and other types
        // mixed, and a file with the view's resources but no references.
        var generated = Path.Combine(data.Root, "generated");
        SyntheticFhirGenerator.Write(new GeneratorOptions(400, 12, 2, 5), generated);
        var plain = data.Write("Plain.ndjson", "{\"resourceType\":\"Encounter\",\"id\":\"x\"}\n");
        var files = Directory.GetFiles(generated, "*.ndjson").Order(StringComparer.Ordinal).Append(plain).ToList();

        var one = FileIdentifierIndex.Build(files, "Encounter", threads: 1, blockBytes: 64 * 1024)!;
        var three = FileIdentifierIndex.Build(files, "Encounter", threads: 3, blockBytes: 64 * 1024)!;

        Assert.True(one.References > 0);
        Assert.Equal(one.References, three.References);
        Assert.Equal(one.TargetTypes.Order(), three.TargetTypes.Order());
        Assert.True(one.Count > 0);
        Assert.Equal(one.Count, three.Count);
        Assert.Null(FileIdentifierIndex.Build([plain], "Encounter", threads: 2));
    }

    [Fact]
    public async Task View_run_over_files_without_the_targets_leaves_the_references_as_they_are()
    {
        var encounters = data.Write("Encounter.ndjson", Encounter + "\n");
        var view = data.Write("view.json", View);
        var rows = Path.Combine(data.Root, "rows.csv");

        var (exit, output, _) = await ViewCommandTests.RunAsync("view", "run", view, encounters, "--out", rows);

        Assert.Equal(0, exit);
        Assert.Contains("Conditional references: 0 resolved, 2 not resolved", output, StringComparison.Ordinal);
        Assert.Equal(["id,practitioner_id", "e1,", "e1,"], File.ReadAllLines(rows));
    }

    [Theory]
    [InlineData("http://hl7.org/fhir/sid/us-npi|9999974493", "http://hl7.org/fhir/sid/us-npi", "9999974493")]
    [InlineData("http%3A%2F%2Fhl7.org%2Ffhir%2Fsid%2Fus-npi%7C123", "http://hl7.org/fhir/sid/us-npi", "123")]
    public void Identifier_queries_are_split_into_system_and_value(string query, string system, string value)
    {
        Assert.True(ConditionalReferences.TryParse(query, out var s, out var v));
        Assert.Equal((system, value), (s, v));
    }

    [Theory]
    [InlineData("""{"participant":[{"individual":{"reference":"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999974493"}}]}""")]
    [InlineData("""{"a":{"reference" : "Organization?identifier=x|1"},"b":{"reference":"Location?identifier=y%7C2"}}""")]
    [InlineData("""{"reference":	"Practitioner?identifier=a|1" , "display":"x?identifier=y"}""")]
    [InlineData("""{"reference":"practitioner?identifier=a|1"}""")]
    [InlineData("""{"reference":"P?identifier=a|1"}""")]
    [InlineData("""{"reference":"Practitioner?identifier=a\"b|1"}""")]
    [InlineData("""{"ref":"Practitioner?identifier=a|1"}""")]
    [InlineData("""{"reference":"Practitioner/123","note":"?identifier="}""")]
    [InlineData("""{"reference":"Practitioner?identifier=unterminated""")]
    [InlineData("""{"reference":"Practitioner?identifier=a|1"}{"reference":"Patient?identifier=b|2"}""")]
    public void Target_types_are_found_the_same_in_bytes_as_in_text(string json)
    {
        var fromText = new HashSet<string>(StringComparer.Ordinal);
        var fromBytes = new HashSet<string>(StringComparer.Ordinal);

        var textCount = ConditionalReferences.AddTargetTypes(json, fromText);
        var byteCount = ConditionalReferences.AddTargetTypes(System.Text.Encoding.UTF8.GetBytes(json), fromBytes);

        Assert.Equal(textCount, byteCount);
        Assert.Equal(fromText.Order(), fromBytes.Order());
    }
}
