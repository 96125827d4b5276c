using System.Text;
using System.Text.Json;
using LearningHealth.SqlOnFhir.Views;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>
/// Views read straight from JSON text (<see cref="StreamingPlan"/>): which views qualify, that the rows are those of
/// the document evaluator for ordinary and awkward resources alike, and that awkward ones are handed to it.
/// </summary>
public sealed class DirectJsonReadTests
{
    /// <summary>The shape of the benchmark view (../shared/bench/encounter-view.json), with a unionAll and a nested forEach added.</summary>
    private const string EncounterView = """
        {
          "resourceType": "ViewDefinition", "name": "encounters", "resource": "Encounter",
          "select": [
            { "column": [
                { "name": "id", "path": "getResourceKey()", "type": "string" },
                { "name": "patient_ref", "path": "subject.getReferenceKey(Patient)", "type": "string" },
                { "name": "status", "path": "status", "type": "code" },
                { "name": "class_code", "path": "class.code", "type": "code" },
                { "name": "type_code", "path": "type.coding.where(system='http://snomed.info/sct').code.first()", "type": "code" },
                { "name": "start", "path": "period.start", "type": "dateTime" }
            ] },
            { "forEachOrNull": "participant", "column": [
                { "name": "practitioner", "path": "individual.reference", "type": "string" },
                { "name": "role", "path": "type.coding.code.first()", "type": "code" }
              ],
              "select": [ { "forEach": "type.coding", "column": [ { "name": "role_system", "path": "system", "type": "uri" } ] } ]
            },
            { "unionAll": [
                { "column": [ { "name": "place", "path": "location.location.reference", "type": "string" } ] },
                { "column": [ { "name": "place", "path": "serviceProvider.reference", "type": "string" } ] }
            ] }
          ]
        }
        """;

    private const string Ordinary = """
        {"resourceType":"Encounter","id":"e1","meta":{"lastUpdated":"2025-01-01T00:00:00Z"},"status":"finished",
         "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
         "type":[{"coding":[{"system":"http://example.org","code":"x"},{"system":"http://snomed.info/sct","code":"185349003"}]}],
         "subject":{"reference":"Patient/p1"},
         "participant":[
           {"type":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PPRF"}]}],"individual":{"reference":"Practitioner/d1"}},
           {"type":[{"coding":[{"system":"a","code":"ATND"},{"system":"b","code":"SPRF"}]}],"individual":{"reference":"Practitioner/d2"}}],
         "period":{"start":"2025-01-02T09:00:00+00:00","end":"2025-01-02T09:20:00+00:00"},
         "location":[{"location":{"reference":"Location/l1"}}],"serviceProvider":{"reference":"Organization/o1"}}
        """;

    [Fact]
    public void Views_that_only_navigate_are_read_directly_and_others_are_not()
    {
        Assert.True(ViewDefinition.Parse(EncounterView).ReadsJsonDirectly);
        Assert.True(ViewDefinition.Parse(File.ReadAllText(BenchViewPath())).ReadsJsonDirectly);

        string View(string column, string extra = "") => $$"""
            { "resourceType": "ViewDefinition", "resource": "Patient", {{extra}}
              "select": [ { "column": [ { "name": "c", "path": "{{column}}" } ] } ] }
            """;
        Assert.True(ViewDefinition.Parse(View("name.family.first()")).ReadsJsonDirectly);
        Assert.False(ViewDefinition.Parse(View("name.family", "\"where\": [ { \"path\": \"active\" } ],")).ReadsJsonDirectly);
        Assert.False(ViewDefinition.Parse(View("name.family.join(',')")).ReadsJsonDirectly);
        Assert.False(ViewDefinition.Parse(View("Patient.name.family")).ReadsJsonDirectly); // a type name starts at the resource
        Assert.False(ViewDefinition.Parse(View("%rowIndex")).ReadsJsonDirectly);
        Assert.False(ViewDefinition.Parse(View("resourceType")).ReadsJsonDirectly);
        Assert.False(ViewDefinition.Parse(View("name.where(use = %u).family", "\"constant\": [ { \"name\": \"u\", \"valueString\": \"official\" } ],")).ReadsJsonDirectly);
        Assert.False(ViewDefinition.Parse("""
            { "resourceType": "ViewDefinition", "resource": "Patient",
              "select": [ { "column": [ { "name": "g", "path": "name.given", "collection": true } ] } ] }
            """).ReadsJsonDirectly);
    }

    [Fact]
    public void An_ordinary_resource_is_read_directly_with_the_rows_of_the_evaluator()
    {
        var view = ViewDefinition.Parse(EncounterView);
        var direct = new StreamingEvaluator(view, view.Streaming!, new CellStringCache(view.Columns.Count));
        var rows = new Rows();

        Assert.True(direct.TryEvaluate(Encoding.UTF8.GetBytes(Ordinary), rows, out var count));

        Assert.Equal(6, count); // 2 participants × 1 and 2 role systems, × 2 union branches
        Assert.Equal(Document(view, Ordinary), rows.List);
        Assert.Equal(["e1", "p1", "finished", "AMB", "185349003", "2025-01-02T09:00:00+00:00", "Practitioner/d1", "PPRF",
            "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "Location/l1"], rows.List[0]);
        Assert.Equal("Organization/o1", rows.List[1][^1]);
    }

    public static TheoryData<string, bool> Awkward => new()
    {
        // Handled directly: absent, null and empty elements, no where() match, a reference to another type.
        { """{"resourceType":"Encounter","id":"e2"}""", true },
        { """{"resourceType":"Encounter","id":"e3","status":null,"participant":[],"type":[{"coding":[{"system":"x","code":"y"}]}],"subject":{"reference":"Group/g1"}}""", true },
        { """{"resourceType":"Encounter","id":"e4","participant":[null,{"individual":{"display":"no reference"}}],"subject":{"reference":"http://example.org/fhir/Patient/p9/_history/2"}}""", true },
        { """{"id":"e5","status":"planned","resourceType":"Encounter","subject":{"reference":"#contained"}}""", true },
        // Names that start with a wanted one but whose rest is no FHIR type (classHistory, statusHistory) are skipped.
        { """{"resourceType":"Encounter","id":"e13","classHistory":[{"class":{"code":"EMER"}}],"statusHistory":[],"class":{"code":"AMB"}}""", true },
        // Handed to the evaluator: another resource type, a repeated property, a choice-looking property, a number
        // where a string is read, an escaped string, two values for one column, two where() candidates.
        { """{"resourceType":"Patient","id":"p1"}""", false },
        { """{"resourceType":"Encounter","id":"e6","status":"planned","status":"finished"}""", false },
        { """{"resourceType":"Encounter","id":"e7","statusString":"odd"}""", false },
        { """{"resourceType":"Encounter","id":"e8","status":3}""", false },
        { """{"resourceType":"Encounter","id":"e9","status":"fin\u0069shed"}""", false },
        { """{"resourceType":"Encounter","id":"e10","class":[{"code":"AMB"},{"code":"EMER"}]}""", false },
        { """{"resourceType":"Encounter","id":"e11","type":[{"coding":[{"system":["http://snomed.info/sct","x"],"code":"1"}]}]}""", false },
        { """{"resourceType":"Encounter","id":"e12","status":"finished"} """, true },
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void Awkward_resources_give_the_rows_or_error_of_the_evaluator_and_only_plain_ones_are_read_directly(string json, bool readDirectly)
    {
        var view = ViewDefinition.Parse(EncounterView);
        var direct = new StreamingEvaluator(view, view.Streaming!, new CellStringCache(view.Columns.Count));
        var probe = new Rows();
        Assert.Equal(readDirectly, direct.TryEvaluate(Encoding.UTF8.GetBytes(json), probe, out _));
        if (!readDirectly)
        {
            Assert.Empty(probe.List); // nothing sent before handing over
        }

        var viaText = Capture(() => Text(view, json));
        var viaDocument = Capture(() => Document(view, json));
        Assert.Equal(viaDocument.Error, viaText.Error);
        Assert.Equal(viaDocument.Rows, viaText.Rows);
    }

    [Theory]
    [InlineData("""{"resourceType":"Encounter","id":"x",""")]
    [InlineData("""{"resourceType":"Encounter","id":"x"} {"resourceType":"Encounter"}""")]
    [InlineData("""{"resourceType":"Encounter","id":"x"} junk""")]
    [InlineData("")]
    public void Invalid_JSON_is_the_same_error_as_when_parsing_a_document(string json)
    {
        var view = ViewDefinition.Parse(EncounterView);
        var fromText = Assert.ThrowsAny<JsonException>(() => Text(view, json));
        var fromDocument = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json));
        Assert.Equal(fromDocument.Message, fromText.Message);
    }

    [Fact]
    public void Generated_encounters_give_the_same_rows_read_directly_and_as_documents()
    {
        var view = ViewDefinition.Parse(File.ReadAllText(BenchViewPath()));
        var lines = GeneratedEncounters();
        var evaluator = view.CreateEvaluator();
        var viaText = new Rows();
        foreach (var line in lines)
        {
            evaluator.Evaluate(Encoding.UTF8.GetBytes(line), viaText);
        }

        var viaDocument = lines.SelectMany(line => Document(view, line)).ToList();
        Assert.True(viaText.List.Count >= lines.Count);
        Assert.Equal(viaDocument, viaText.List);
    }

    private static List<string> GeneratedEncounters()
    {
        // Varied encounters in the generator's shapes: one or two participants, with and without types, SNOMED or not.
        var random = new Random(7);
        var lines = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var participants = string.Join(",", Enumerable.Range(0, random.Next(0, 3)).Select(k =>
                $$$"""{"type":[{"coding":[{"system":"s","code":"R{{{random.Next(3)}}}"}]}],"individual":{"reference":"Practitioner/pr{{{random.Next(50)}}}"}}"""));
            var system = random.Next(4) == 0 ? "http://example.org" : "http://snomed.info/sct";
            lines.Add($$$"""
                {"resourceType":"Encounter","id":"enc{{{i}}}","status":"{{{(i % 7 == 0 ? "cancelled" : "finished")}}}",
                 "class":{"code":"{{{(i % 3 == 0 ? "IMP" : "AMB")}}}"},"type":[{"coding":[{"system":"{{{system}}}","code":"{{{random.Next(100000)}}}"}]}],
                 "subject":{"reference":"Patient/pt{{{random.Next(200)}}}"},"participant":[{{{participants}}}],
                 "period":{"start":"2024-0{{{random.Next(1, 10)}}}-1{{{random.Next(10)}}}T08:00:00+00:00"}}
                """.ReplaceLineEndings(""));
        }

        return lines;
    }

    private static string BenchViewPath()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "LearningHealth.slnx")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("The repository root was not found.");
        }

        // The benchmark's view (../shared/bench/encounter-view.json), as the throughput harness keeps it.
        return Path.Combine(folder, "tests", "LearningHealth.SqlOnFhir.Throughput", "encounter-view.json");
    }

    private static List<object?[]> Text(CompiledView view, string json)
    {
        var rows = new Rows();
        view.CreateEvaluator().Evaluate(Encoding.UTF8.GetBytes(json), rows);
        return rows.List;
    }

    private static List<object?[]> Document(CompiledView view, string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = new Rows();
        view.CreateEvaluator().Evaluate(document.RootElement, rows);
        return rows.List;
    }

    private static (List<object?[]>? Rows, string? Error) Capture(Func<List<object?[]>> run)
    {
        try
        {
            return (run(), null);
        }
        catch (ViewEvaluationException error)
        {
            return (null, error.Message);
        }
    }

    private sealed class Rows : IRowSink
    {
        public List<object?[]> List { get; } = [];

        public void OnRow(ReadOnlySpan<object?> row) => List.Add(row.ToArray());
    }
}
