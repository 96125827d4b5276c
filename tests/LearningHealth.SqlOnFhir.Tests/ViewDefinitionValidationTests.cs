namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>Invalid views are rejected at parse time with the element that is wrong and what is wrong with it.</summary>
public sealed class ViewDefinitionValidationTests
{
    [Theory]
    [InlineData("[]", "ViewDefinition", "must be a JSON object")]
    [InlineData("""{"resourceType": "Patient", "resource": "Patient", "select": [{}]}""", "ViewDefinition.resourceType", "must be \"ViewDefinition\"")]
    [InlineData("""{"select": [{}]}""", "ViewDefinition.resource", "is required")]
    [InlineData("""{"resource": "patient", "select": [{}]}""", "ViewDefinition.resource", "FHIR resource type name")]
    [InlineData("""{"resource": "Patient"}""", "ViewDefinition.select", "at least one select")]
    [InlineData("""{"resource": "Patient", "select": {}}""", "ViewDefinition.select", "must be an array")]
    [InlineData("""{"resource": "Patient", "select": ["id"]}""", "ViewDefinition.select[0]", "must be an object")]
    [InlineData("""{"resource": "Patient", "select": [{"forEach": 1}]}""", "ViewDefinition.select[0].forEach", "must be a string but is the number 1")]
    [InlineData("""{"resource": "Patient", "select": [{"forEach": "name", "forEachOrNull": "name"}]}""", "ViewDefinition.select[0]", "only one of forEach, forEachOrNull and repeat")]
    [InlineData("""{"resource": "Patient", "select": [{"repeat": []}]}""", "ViewDefinition.select[0].repeat", "at least one FHIRPath expression")]
    [InlineData("""{"resource": "Patient", "select": [{"unionAll": []}]}""", "ViewDefinition.select[0].unionAll", "at least one select")]
    [InlineData("""{"resource": "Patient", "select": [{"column": [{"path": "id"}]}]}""", "ViewDefinition.select[0].column[0].name", "is required")]
    [InlineData("""{"resource": "Patient", "select": [{"column": [{"name": "id"}]}]}""", "ViewDefinition.select[0].column[0].path", "is required")]
    [InlineData("""{"resource": "Patient", "select": [{"column": [{"name": "1st", "path": "id"}]}]}""", "ViewDefinition.select[0].column[0].name", "not a valid column name")]
    [InlineData("""{"resource": "Patient", "select": [{"column": [{"name": "id", "path": "id", "collection": "yes"}]}]}""", "ViewDefinition.select[0].column[0].collection", "must be true or false")]
    [InlineData("""{"resource": "Patient", "where": [{}], "select": [{}]}""", "ViewDefinition.where[0].path", "is required")]
    public void A_malformed_element_is_named_in_the_error(string json, string elementPath, string problem)
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse(json));

        Assert.Equal(elementPath, error.ElementPath);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_rejected_as_such()
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse("{ resource: "));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_name_used_twice_names_both_places()
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse("""
            {
              "resource": "Patient",
              "select": [
                { "column": [{ "name": "id", "path": "id" }] },
                { "forEach": "name", "column": [{ "name": "id", "path": "family" }] }
              ]
            }
            """));

        Assert.Equal("ViewDefinition.select[1].column[0].name", error.ElementPath);
        Assert.Contains("already used by ViewDefinition.select[0].column[0]", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnionAll_branches_must_have_the_same_column_names_in_the_same_order()
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse("""
            {
              "resource": "Patient",
              "select": [{ "unionAll": [
                { "column": [{ "name": "a", "path": "id" }, { "name": "b", "path": "id" }] },
                { "column": [{ "name": "b", "path": "id" }, { "name": "a", "path": "id" }] }
              ] }]
            }
            """));

        Assert.Equal("ViewDefinition.select[0].unionAll[1]", error.ElementPath);
        Assert.Contains("first branch has (a, b) but this one has (b, a)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnionAll_branches_must_declare_the_same_column_types()
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse("""
            {
              "resource": "Patient",
              "select": [{ "unionAll": [
                { "column": [{ "name": "a", "path": "id", "type": "string" }] },
                { "column": [{ "name": "a", "path": "1", "type": "integer" }] }
              ] }]
            }
            """));

        Assert.Equal("ViewDefinition.select[0].unionAll[1].column[0].type", error.ElementPath);
    }

    [Theory]
    [InlineData("""{ "name": "c" }""", "ViewDefinition.constant[0]", "has no value")]
    [InlineData("""{ "name": "c", "valueString": "a", "valueCode": "b" }""", "ViewDefinition.constant[0]", "exactly one value")]
    [InlineData("""{ "name": "c", "valueDate": "2020-13-01" }""", "ViewDefinition.constant[0].valueDate", "not a valid Date")]
    [InlineData("""{ "name": "c", "valueInteger": "3" }""", "ViewDefinition.constant[0].valueInteger", "not a valid Integer")]
    [InlineData("""{ "name": "c", "valueQuantity": { "value": 1 } }""", "ViewDefinition.constant[0].valueQuantity", "not a supported constant type")]
    public void A_badly_defined_constant_is_rejected(string constant, string elementPath, string problem)
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse($$"""
            { "resource": "Patient", "constant": [{{constant}}], "select": [{ "column": [{ "name": "id", "path": "id" }] }] }
            """));

        Assert.Equal(elementPath, error.ElementPath);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_defined_twice_is_rejected()
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse("""
            {
              "resource": "Patient",
              "constant": [{ "name": "c", "valueString": "a" }, { "name": "c", "valueString": "b" }],
              "select": [{ "column": [{ "name": "id", "path": "id" }] }]
            }
            """));

        Assert.Equal("ViewDefinition.constant[1].name", error.ElementPath);
    }

    [Theory]
    [InlineData("name.family.", "Expected a member or function name but found end of expression")]
    [InlineData("name[0", "Expected ']'")]
    [InlineData("'unterminated", "Unterminated string")]
    [InlineData("name.fly()", "The function 'fly()' is not supported")]
    [InlineData("name.first(1)", "takes 0 argument(s) but was given 1")]
    [InlineData("name.where(use = %missing)", "The constant '%missing' is not defined")]
    [InlineData("5 'mg'", "Quantity literals are not supported")]
    [InlineData("name.memberOf('http://example.org/vs')", "The function 'memberOf()' is not supported")]
    public void An_invalid_FHIRPath_expression_is_reported_with_its_column_path(string path, string problem)
    {
        var error = Assert.Throws<ViewDefinitionException>(() => ViewDefinition.Parse($$"""
            { "resource": "Patient", "select": [{ "column": [{ "name": "c", "path": {{System.Text.Json.JsonSerializer.Serialize(path)}} }] }] }
            """));

        Assert.Equal("ViewDefinition.select[0].column[0].path", error.ElementPath);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_the_engine_does_not_use_are_accepted()
    {
        var view = ViewDefinition.Parse("""
            {
              "resourceType": "ViewDefinition",
              "url": "https://example.org/ViewDefinition/patients",
              "name": "patients",
              "status": "active",
              "fhirVersion": ["4.0.1"],
              "resource": "Patient",
              "select": [{ "column": [{ "name": "id", "path": "id", "tag": [{ "name": "ansi/type", "value": "CHAR(64)" }] }] }]
            }
            """);

        Assert.Equal("patients", view.Name);
        Assert.Equal("id", Assert.Single(view.Columns).Name);
    }
}
