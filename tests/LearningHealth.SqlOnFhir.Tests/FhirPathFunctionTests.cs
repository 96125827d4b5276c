namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>FHIRPath functions the SQL on FHIR v2 subset requires, and the commonly used ones this engine adds.</summary>
public sealed class FhirPathFunctionTests
{
    private const string Patient = """
        {
          "resourceType": "Patient",
          "id": "p1",
          "name": [
            { "use": "official", "family": "Smith", "given": ["Anna", "Maria"] },
            { "use": "nickname", "given": ["Annie"] }
          ],
          "birthDate": "1970-06",
          "generalPractitioner": [
            { "reference": "Practitioner/d1" },
            { "reference": "https://ehr.example.org/fhir/Organization/o7/_history/3" },
            { "reference": "#contained" },
            { "reference": "urn:uuid:9d0a6e7c-1d6c-4c6b-9d8b-0a1b2c3d4e5f" },
            { "identifier": { "value": "no-reference" } }
          ]
        }
        """;

    [Fact]
    public void Existence_functions_report_on_the_input_collection()
    {
        Assert.Equal(true, PathEvaluation.Value(Patient, "name.exists()"));
        Assert.Equal(false, PathEvaluation.Value(Patient, "address.exists()"));
        Assert.Equal(true, PathEvaluation.Value(Patient, "address.empty()"));
        Assert.Equal(true, PathEvaluation.Value(Patient, "name.exists(use = 'nickname')"));
        Assert.Equal(false, PathEvaluation.Value(Patient, "name.all(family.exists())"));
        Assert.Equal(3L, PathEvaluation.Value(Patient, "name.given.count()"));
    }

    [Fact]
    public void Subsetting_functions_pick_items_by_position()
    {
        Assert.Equal("Anna", PathEvaluation.Value(Patient, "name.given.first()"));
        Assert.Equal("Annie", PathEvaluation.Value(Patient, "name.given.last()"));
        Assert.Equal(["Maria", "Annie"], PathEvaluation.Values(Patient, "name.given.tail()"));
        Assert.Equal(["Annie"], PathEvaluation.Values(Patient, "name.given.skip(2)"));
        Assert.Equal(["Anna", "Maria"], PathEvaluation.Values(Patient, "name.given.take(2)"));
    }

    [Fact]
    public void Where_select_and_repeat_project_and_filter()
    {
        Assert.Equal(["Smith"], PathEvaluation.Values(Patient, "name.where(use = 'official').family"));
        Assert.Equal([2L, 1L], PathEvaluation.Values(Patient, "name.select(given.count())"));
        const string questionnaire = """
            { "resourceType": "QuestionnaireResponse", "item": [ { "linkId": "1", "item": [ { "linkId": "1.1" } ] }, { "linkId": "2" } ] }
            """;
        Assert.Equal(["1", "2", "1.1"], PathEvaluation.Values(questionnaire, "repeat(item).linkId"));
    }

    [Fact]
    public void Join_uses_the_separator_and_gives_an_empty_string_for_no_items()
    {
        Assert.Equal("Anna, Maria, Annie", PathEvaluation.Value(Patient, "name.given.join(', ')"));
        Assert.Equal("AnnaMariaAnnie", PathEvaluation.Value(Patient, "name.given.join()"));
        Assert.Equal(string.Empty, PathEvaluation.Value(Patient, "address.city.join(',')"));
    }

    [Fact]
    public void String_functions_work_on_single_strings()
    {
        Assert.Equal(true, PathEvaluation.Value(Patient, "name.first().family.startsWith('Sm')"));
        Assert.Equal("SMITH", PathEvaluation.Value(Patient, "name.first().family.upper()"));
        Assert.Equal(5L, PathEvaluation.Value(Patient, "name.first().family.length()"));
        Assert.Equal("mit", PathEvaluation.Value(Patient, "name.first().family.substring(1, 3)"));
        Assert.Equal(true, PathEvaluation.Value(Patient, "name.first().family.matches('^S.*h$')"));
        Assert.Equal("Smyth", PathEvaluation.Value(Patient, "name.first().family.replace('i', 'y')"));
    }

    [Fact]
    public void Conversion_functions_convert_or_return_empty()
    {
        Assert.Equal(12L, PathEvaluation.Value(Patient, "'12'.toInteger()"));
        Assert.Null(PathEvaluation.Value(Patient, "'twelve'.toInteger()"));
        Assert.Equal(1.5m, PathEvaluation.Value(Patient, "'1.5'.toDecimal()"));
        Assert.Equal("42", PathEvaluation.Value(Patient, "42.toString()"));
    }

    [Fact]
    public void Iif_chooses_a_branch_by_its_criterion()
    {
        Assert.Equal("has names", PathEvaluation.Value(Patient, "iif(name.exists(), 'has names', 'no names')"));
        Assert.Equal("no address", PathEvaluation.Value(Patient, "iif(address.exists(), 'address', 'no address')"));
    }

    [Fact]
    public void GetResourceKey_is_the_resource_id_even_inside_a_nested_focus()
    {
        Assert.Equal("p1", PathEvaluation.Value(Patient, "getResourceKey()"));
        Assert.Equal(["p1", "p1"], PathEvaluation.Values(Patient, "name.select(%resource.getResourceKey())"));
    }

    [Fact]
    public void GetReferenceKey_reads_relative_absolute_and_versioned_references_and_skips_the_rest()
    {
        Assert.Equal(["d1", "o7"], PathEvaluation.Values(Patient, "generalPractitioner.getReferenceKey()"));
        Assert.Equal(["o7"], PathEvaluation.Values(Patient, "generalPractitioner.getReferenceKey(Organization)"));
        Assert.Equal(["d1"], PathEvaluation.Values(Patient, "generalPractitioner.getReferenceKey('Practitioner')"));
    }

    [Fact]
    public void Boundaries_widen_a_value_to_the_precision_it_was_written_with()
    {
        Assert.Equal("1970-06-01", PathEvaluation.Value(Patient, "birthDate.lowBoundary()"));
        Assert.Equal("1970-06-30", PathEvaluation.Value(Patient, "birthDate.highBoundary()"));
        Assert.Equal(1.5865m, PathEvaluation.Value(Patient, "1.587.lowBoundary()"));
        Assert.Equal(1.59m, PathEvaluation.Value(Patient, "1.587.highBoundary(2)"));
        Assert.Equal("2014-01-01", PathEvaluation.Value(Patient, "@2014.lowBoundary()"));
        Assert.Equal("2014-01-01T00:00:00.000+14:00", PathEvaluation.Value(Patient, "@2014T.lowBoundary()"));
        Assert.Equal("2014-05-06T10:30:59.999Z", PathEvaluation.Value(Patient, "@2014-05-06T10:30Z.highBoundary()"));
        Assert.Equal("10:30:00.000", PathEvaluation.Value(Patient, "@T10:30.lowBoundary()"));
    }

    [Fact]
    public void Boundaries_of_a_period_come_from_its_start_and_end()
    {
        const string encounter = """
            { "resourceType": "Encounter", "period": { "start": "2020-01-02", "end": "2020-01-05T10:00:00Z" } }
            """;

        Assert.Equal("2020-01-02T00:00:00.000+14:00", PathEvaluation.Value(encounter, "period.lowBoundary()"));
        Assert.Equal("2020-01-05T10:00:00.999Z", PathEvaluation.Value(encounter, "period.highBoundary()"));
    }

    [Fact]
    public void Constants_of_each_type_are_substituted_with_their_FHIRPath_value()
    {
        const string constants = """
            [
              { "name": "text", "valueString": "Smith" },
              { "name": "count", "valueInteger": 3 },
              { "name": "ratio", "valueDecimal": 0.5 },
              { "name": "flag", "valueBoolean": true },
              { "name": "born", "valueDate": "1970-06" }
            ]
            """;

        Assert.Equal(true, PathEvaluation.Value(Patient, "name.family = %text", constants));
        Assert.Equal(true, PathEvaluation.Value(Patient, "name.given.count() = %count", constants));
        Assert.Equal(1.5m, PathEvaluation.Value(Patient, "%ratio + 1", constants));
        Assert.Equal(true, PathEvaluation.Value(Patient, "%flag", constants));
        Assert.Equal(true, PathEvaluation.Value(Patient, "birthDate = %born", constants));
    }
}
