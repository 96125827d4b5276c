namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>Path navigation over FHIR JSON: arrays, choice elements, type prefixes and indexers.</summary>
public sealed class FhirPathNavigationTests
{
    private const string Patient = """
        {
          "resourceType": "Patient",
          "id": "p1",
          "name": [
            { "use": "official", "family": "Smith", "given": ["Anna", "Maria"] },
            { "use": "nickname", "given": ["Annie"] }
          ],
          "deceasedDateTime": "2020-02-03",
          "multipleBirthInteger": 2,
          "birthDate": "1970-06"
        }
        """;

    [Fact]
    public void Navigation_flattens_arrays_in_document_order()
    {
        Assert.Equal(["Anna", "Maria", "Annie"], PathEvaluation.Values(Patient, "name.given"));
    }

    [Fact]
    public void A_missing_element_gives_an_empty_result()
    {
        Assert.Empty(PathEvaluation.Values(Patient, "address.city"));
    }

    [Fact]
    public void A_choice_element_is_found_by_its_base_name()
    {
        Assert.Equal("2020-02-03", PathEvaluation.Value(Patient, "deceased"));
        Assert.Equal(2L, PathEvaluation.Value(Patient, "multipleBirth"));
    }

    [Fact]
    public void OfType_filters_a_choice_element_by_the_type_in_its_suffix()
    {
        Assert.Equal("2020-02-03", PathEvaluation.Value(Patient, "deceased.ofType(dateTime)"));
        Assert.Null(PathEvaluation.Value(Patient, "deceased.ofType(boolean)"));
    }

    [Fact]
    public void A_leading_resource_type_name_selects_the_resource()
    {
        Assert.Equal("p1", PathEvaluation.Value(Patient, "Patient.id"));
        Assert.Empty(PathEvaluation.Values(Patient, "Observation.id"));
    }

    [Fact]
    public void An_indexer_picks_one_item_and_is_empty_when_out_of_range()
    {
        Assert.Equal("Maria", PathEvaluation.Value(Patient, "name.given[1]"));
        Assert.Null(PathEvaluation.Value(Patient, "name[5]"));
    }

    [Fact]
    public void This_and_index_are_bound_inside_lambdas()
    {
        Assert.Equal(["Maria"], PathEvaluation.Values(Patient, "name.given.where($index = 1)"));
        Assert.Equal(["Anna"], PathEvaluation.Values(Patient, "name.given.where($this = 'Anna')"));
    }

    [Fact]
    public void Resource_constant_refers_to_the_resource_from_inside_a_lambda()
    {
        Assert.Equal(["Smith"], PathEvaluation.Values(Patient, "name.where(%resource.id = 'p1').family"));
    }

    [Fact]
    public void Delimited_identifiers_and_comments_are_accepted()
    {
        Assert.Equal("Smith", PathEvaluation.Value(Patient, "name.`family` // the family name"));
    }

    [Fact]
    public void Extension_selects_extensions_by_url_and_reads_their_value()
    {
        const string patient = """
            {
              "resourceType": "Patient",
              "extension": [
                { "url": "http://example.org/a", "valueString": "first" },
                { "url": "http://example.org/b", "valueCoding": { "code": "x" } }
              ]
            }
            """;

        Assert.Equal("first", PathEvaluation.Value(patient, "extension('http://example.org/a').value.ofType(string)"));
        Assert.Equal("x", PathEvaluation.Value(patient, "extension('http://example.org/b').value.ofType(Coding).code"));
        Assert.Empty(PathEvaluation.Values(patient, "extension('http://example.org/c')"));
    }
}
