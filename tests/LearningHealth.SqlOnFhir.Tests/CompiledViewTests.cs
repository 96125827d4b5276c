using System.Text;
using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>The public evaluation API: column metadata, row shapes, many resources, NDJSON, sinks and runtime errors.</summary>
public sealed class CompiledViewTests
{
    private const string PatientView = """
        {
          "resourceType": "ViewDefinition",
          "name": "patient_names",
          "resource": "Patient",
          "select": [
            { "column": [
                { "name": "id", "path": "getResourceKey()", "type": "id" },
                { "name": "active", "path": "active", "type": "boolean" },
                { "name": "births", "path": "multipleBirth.ofType(integer)", "type": "integer" },
                { "name": "given", "path": "name.given", "type": "string", "collection": true }
            ] },
            { "forEachOrNull": "name", "column": [
                { "name": "name_index", "path": "%rowIndex", "type": "integer" },
                { "name": "family", "path": "family", "type": "string" }
            ] }
          ]
        }
        """;

    private const string Anna = """{"resourceType":"Patient","id":"anna","active":true,"multipleBirthInteger":2,"name":[{"family":"Smith","given":["Anna","Maria"]},{"family":"Jones"}]}""";
    private const string Bob = """{"resourceType":"Patient","id":"bob"}""";
    private const string Observation = """{"resourceType":"Observation","id":"o1"}""";

    [Fact]
    public void Columns_describe_names_declared_types_collection_flags_and_CLR_types()
    {
        var view = ViewDefinition.Parse(PatientView);

        Assert.Equal(["id", "active", "births", "given", "name_index", "family"], view.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(bool), typeof(int), typeof(object[]), typeof(int), typeof(string)], view.Columns.Select(c => c.ClrType));
        Assert.True(view.Columns[3].IsCollection);
        Assert.Equal("integer", view.Columns[2].Type);
        Assert.Equal("Patient", view.Resource);
    }

    [Fact]
    public void Evaluate_returns_one_array_per_row_with_cells_in_column_order()
    {
        var view = ViewDefinition.Parse(PatientView);
        using var document = JsonDocument.Parse(Anna);

        var rows = view.Evaluate(document.RootElement);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new object?[] { "anna", true, 2, new object?[] { "Anna", "Maria" }, 0, "Smith" }, rows[0]);
        Assert.Equal(new object?[] { "anna", true, 2, new object?[] { "Anna", "Maria" }, 1, "Jones" }, rows[1]);
    }

    [Fact]
    public void ForEachOrNull_gives_one_row_of_nulls_and_an_empty_collection_is_an_empty_array()
    {
        var view = ViewDefinition.Parse(PatientView);
        using var document = JsonDocument.Parse(Bob);

        var row = Assert.Single(view.Evaluate(document.RootElement));

        Assert.Equal(new object?[] { "bob", null, null, Array.Empty<object?>(), 0, null }, row);
    }

    [Fact]
    public void Evaluating_many_resources_skips_other_resource_types()
    {
        var view = ViewDefinition.Parse(PatientView);
        using var anna = JsonDocument.Parse(Anna);
        using var observation = JsonDocument.Parse(Observation);
        using var bob = JsonDocument.Parse(Bob);

        var rows = view.Evaluate([anna.RootElement, observation.RootElement, bob.RootElement]);

        Assert.Equal(["anna", "anna", "bob"], rows.Select(row => row[0]));
    }

    [Fact]
    public void A_sink_receives_every_row_and_the_count_is_returned()
    {
        var view = ViewDefinition.Parse(PatientView);
        var evaluator = view.CreateEvaluator();
        var sink = new CollectingSink();
        using var anna = JsonDocument.Parse(Anna);
        using var bob = JsonDocument.Parse(Bob);

        var first = evaluator.Evaluate(anna.RootElement, sink);
        var second = evaluator.Evaluate(bob.RootElement, sink);

        Assert.Equal((2, 1), (first, second));
        Assert.Equal(["Smith", "Jones", null], sink.Rows.Select(row => row[5]));
    }

    [Fact]
    public void Ndjson_is_read_line_by_line_with_blank_lines_CRLF_and_a_byte_order_mark()
    {
        var view = ViewDefinition.Parse(PatientView);
        var text = "\uFEFF" + Anna + "\r\n\r\n" + Observation + "\n" + Bob;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var sink = new CollectingSink();

        var resources = view.EvaluateNdjson(stream, sink);

        Assert.Equal(3, resources);
        Assert.Equal(["anna", "anna", "bob"], sink.Rows.Select(row => row[0]));
    }

    [Fact]
    public void Ndjson_lines_longer_than_the_read_buffer_are_read_whole()
    {
        var view = ViewDefinition.Parse("""{"resource":"Patient","select":[{"column":[{"name":"n","path":"name.count()","type":"integer"}]}]}""");
        var names = string.Join(',', Enumerable.Range(0, 20_000).Select(i => $$"""{"family":"F{{i}}"}"""));
        var text = $$"""{"resourceType":"Patient","name":[{{names}}]}""" + "\n" + Bob + "\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var sink = new CollectingSink();

        view.EvaluateNdjson(stream, sink);

        Assert.Equal([20_000, 0], sink.Rows.Select(row => row[0]));
    }

    [Fact]
    public void An_NDJSON_line_that_is_not_JSON_is_reported_by_its_line_number()
    {
        var view = ViewDefinition.Parse(PatientView);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Anna + "\n\n{\"resourceType\": \n" + Bob));

        var error = Assert.Throws<InvalidDataException>(() => view.EvaluateNdjson(stream, new CollectingSink()));

        Assert.StartsWith("NDJSON line 3 is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_values_in_a_single_valued_column_fail_with_the_column_and_resource_named()
    {
        var view = ViewDefinition.Parse("""{"resource":"Patient","select":[{"column":[{"name":"family","path":"name.family"}]}]}""");
        using var document = JsonDocument.Parse(Anna);

        var error = Assert.Throws<ViewEvaluationException>(() => view.Evaluate(document.RootElement));

        Assert.Equal("ViewDefinition.select[0].column[0]", error.ElementPath);
        Assert.Equal("Patient/anna", error.ResourceKey);
        Assert.Contains("returned 2 values", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_where_path_that_is_not_Boolean_fails_and_an_empty_one_excludes_the_resource()
    {
        var view = ViewDefinition.Parse("""{"resource":"Patient","where":[{"path":"active"}],"select":[{"column":[{"name":"id","path":"id"}]}]}""");
        using var bob = JsonDocument.Parse(Bob);
        Assert.Empty(view.Evaluate(bob.RootElement));

        var invalid = ViewDefinition.Parse("""{"resource":"Patient","where":[{"path":"id"}],"select":[{"column":[{"name":"id","path":"id"}]}]}""");
        var error = Assert.Throws<ViewEvaluationException>(() => invalid.Evaluate(bob.RootElement));
        Assert.Equal("ViewDefinition.where[0].path", error.ElementPath);
    }

    [Fact]
    public void An_invalid_regular_expression_fails_as_an_evaluation_error_of_its_column()
    {
        var view = ViewDefinition.Parse("""{"resource":"Patient","select":[{"column":[{"name":"m","path":"id.matches('[')"}]}]}""");
        using var document = JsonDocument.Parse(Bob);

        var error = Assert.Throws<ViewEvaluationException>(() => view.Evaluate(document.RootElement));

        Assert.Equal("ViewDefinition.select[0].column[0]", error.ElementPath);
        Assert.Contains("invalid regular expression", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Context_refers_to_the_forEach_item_and_resource_to_the_whole_resource()
    {
        var view = ViewDefinition.Parse("""
            {"resource":"Patient","select":[{"forEach":"name","column":[
              {"name":"family","path":"%context.family"},
              {"name":"id","path":"%resource.id"}
            ]}]}
            """);
        using var document = JsonDocument.Parse(Anna);

        var rows = view.Evaluate(document.RootElement);

        Assert.Equal(new object?[] { "Smith", "anna" }, rows[0]);
        Assert.Equal(new object?[] { "Jones", "anna" }, rows[1]);
    }

    [Fact]
    public void A_compiled_view_can_be_shared_by_threads()
    {
        var view = ViewDefinition.Parse(PatientView);
        using var document = JsonDocument.Parse(Anna);
        var resource = document.RootElement;

        var counts = Enumerable.Range(0, 8).AsParallel().Select(_ =>
        {
            var total = 0;
            for (var i = 0; i < 500; i++)
            {
                total += view.Evaluate(resource).Count;
            }

            return total;
        }).ToList();

        Assert.All(counts, count => Assert.Equal(1000, count));
    }

    [Fact]
    public void Declared_numeric_types_decide_the_CLR_type_of_cells()
    {
        var view = ViewDefinition.Parse("""
            {"resource":"Observation","select":[{"column":[
              {"name":"as_decimal","path":"value.ofType(Quantity).value","type":"decimal"},
              {"name":"as_integer64","path":"7","type":"integer64"},
              {"name":"as_text","path":"value.ofType(Quantity).value","type":"string"},
              {"name":"undeclared","path":"value.ofType(Quantity).value"},
              {"name":"complex","path":"value.ofType(Quantity)","type":"Quantity"}
            ]}]}
            """);
        using var document = JsonDocument.Parse("""{"resourceType":"Observation","valueQuantity":{"value":2,"unit":"mg"}}""");

        var row = Assert.Single(view.Evaluate(document.RootElement));

        Assert.Equal(2m, row[0]);
        Assert.Equal(7L, row[1]);
        Assert.Equal("2", row[2]);
        Assert.Equal(2L, row[3]);
        Assert.Equal("""{"value":2,"unit":"mg"}""", row[4]);
    }

    private sealed class CollectingSink : IRowSink
    {
        public List<object?[]> Rows { get; } = [];

        public void OnRow(ReadOnlySpan<object?> row) => Rows.Add(row.ToArray());
    }
}
