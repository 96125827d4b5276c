using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>
/// Differential tests: for expressions in the FHIRPath subset both engines implement, this engine (reading raw JSON,
/// no FHIR model) must return the same values as the Firely SDK's FHIRPath engine (reading the R4 object model).
/// </summary>
public sealed class FirelyReferenceTests
{
    private static readonly JsonSerializerOptions FirelyOptions = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private const string PatientJson = """
        {
          "resourceType": "Patient",
          "id": "p1",
          "active": true,
          "gender": "female",
          "birthDate": "1970-06-15",
          "multipleBirthInteger": 2,
          "deceasedDateTime": "2020-02-03T10:00:00+01:00",
          "extension": [{ "url": "http://example.org/nickname", "valueString": "Annie" }],
          "name": [
            { "use": "official", "family": "Smith", "given": ["Anna", "Maria"] },
            { "use": "maiden", "family": "Jones", "given": ["Anna"] }
          ],
          "telecom": [
            { "system": "phone", "value": "555-1234" },
            { "system": "email", "value": "anna@example.org" }
          ],
          "managingOrganization": { "reference": "Organization/o1" }
        }
        """;

    private const string ObservationJson = """
        {
          "resourceType": "Observation",
          "id": "o1",
          "status": "final",
          "code": { "coding": [
            { "system": "http://loinc.org", "code": "8480-6" },
            { "system": "http://snomed.info/sct", "code": "271649006" }
          ] },
          "effectiveDateTime": "2021-03-04T10:00:00+02:00",
          "valueQuantity": { "value": 7.5, "unit": "mmol/L" },
          "component": [
            { "code": { "text": "systolic" }, "valueQuantity": { "value": 120 } },
            { "code": { "text": "diastolic" }, "valueQuantity": { "value": 80 } }
          ]
        }
        """;

    public static TheoryData<string, string> Expressions() => new()
    {
        { "Patient", "name.given" },
        { "Patient", "name.where(use = 'official').family" },
        { "Patient", "name.given.first()" },
        { "Patient", "name.given.last()" },
        { "Patient", "name.given.count()" },
        { "Patient", "name.given.distinct()" },
        { "Patient", "name[1].family" },
        { "Patient", "name.given.skip(1)" },
        { "Patient", "name.given.take(2)" },
        { "Patient", "name.given.tail()" },
        { "Patient", "name.exists()" },
        { "Patient", "address.empty()" },
        { "Patient", "name.exists(family = 'Jones')" },
        { "Patient", "name.all(given.exists())" },
        { "Patient", "name.select(given.first())" },
        { "Patient", "name.given.where($this.startsWith('M'))" },
        { "Patient", "telecom.where(system = 'phone').value" },
        { "Patient", "gender = 'female' and active" },
        { "Patient", "gender = 'male' or active.not()" },
        { "Patient", "birthDate" },
        { "Patient", "birthDate > @1970-01-01" },
        { "Patient", "birthDate = @1970-06-15" },
        { "Patient", "deceased.ofType(dateTime)" },
        { "Patient", "deceased.ofType(boolean).exists()" },
        { "Patient", "multipleBirth.ofType(integer) + 1" },
        { "Patient", "extension('http://example.org/nickname').value.ofType(string)" },
        { "Patient", "name.family | name.given" },
        { "Patient", "'Anna' in name.given" },
        { "Patient", "name.given contains 'Maria'" },
        { "Patient", "iif(active, 'yes', 'no')" },
        { "Patient", "name.first().family.upper()" },
        { "Patient", "name.first().family.substring(1, 2)" },
        { "Patient", "name.first().family.length()" },
        { "Patient", "name.first().family + ', ' + name.first().given.first()" },
        { "Patient", "managingOrganization.reference" },
        { "Patient", "Patient.id" },
        { "Observation", "value.ofType(Quantity).value" },
        { "Observation", "value.ofType(Quantity).value * 2" },
        { "Observation", "value.ofType(Quantity).value > 7" },
        { "Observation", "code.coding.where(system = 'http://loinc.org').code" },
        { "Observation", "component.code.text" },
        { "Observation", "component.where(code.text = 'systolic').value.ofType(Quantity).value" },
        { "Observation", "component.value.ofType(Quantity).value.count()" },
        { "Observation", "effective.ofType(dateTime) > @2021-03-04T07:00:00Z" },
        { "Observation", "7 / 2" },
        { "Observation", "7 div 2" },
        { "Observation", "7 mod 2" },
        { "Observation", "(1 | 2 | 2).count()" },
        { "Observation", "status != 'final'" },
        { "Observation", "'abc' < 'abd'" },
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Results_agree_with_the_Firely_FHIRPath_engine(string resourceType, string expression)
    {
        var json = resourceType == "Patient" ? PatientJson : ObservationJson;

        var ours = PathEvaluation.Values(json, expression).Select(Normalize).ToList();
        var resource = JsonSerializer.Deserialize<Resource>(json, FirelyOptions)!;
        var firely = resource.Select(expression).Select(FirelyValue).ToList();

        // Every expression here has a result, so an agreement on "nothing" cannot hide a failure to navigate.
        Assert.NotEmpty(firely);
        Assert.Equal(firely, ours);
    }

    private static string FirelyValue(Base? value) =>
        value is PrimitiveType primitive ? Normalize(primitive.JsonValue) : value?.TypeName ?? "null";

    /// <summary>One text form for values of both engines: numbers without trailing zeros, booleans in lower case.</summary>
    private static string Normalize(object? value) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        int or long or decimal => (Convert.ToDecimal(value, CultureInfo.InvariantCulture) / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
