using System.Globalization;
using System.Text;

namespace LearningHealth.SqlOnFhir.Throughput;

/// <summary>
/// Builds realistic FHIR R4 Encounter resources of about 1.5 KB each, shaped like a bulk export from an EHR
/// (identifiers, coded class and type, a subject and one or two participants, period, location, provider).
/// Deterministic for a given seed so runs are comparable.
/// </summary>
internal static class SyntheticEncounters
{
    private static readonly string[] Statuses = ["finished", "finished", "finished", "in-progress", "cancelled"];
    private static readonly (string Code, string Display)[] Classes = [("AMB", "ambulatory"), ("IMP", "inpatient encounter"), ("EMER", "emergency")];
    private static readonly (string Code, string Display)[] Types =
    [
        ("185345009", "Encounter for symptom"),
        ("162673000", "General examination of patient"),
        ("50849002", "Emergency room admission"),
        ("410620009", "Well child visit"),
    ];

    /// <summary>Newline-delimited JSON holding <paramref name="count"/> encounters.</summary>
    public static byte[] Ndjson(int count, int seed = 42)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(count * 1600);
        for (var i = 0; i < count; i++)
        {
            AppendEncounter(builder, i, random);
            builder.Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static void AppendEncounter(StringBuilder b, int index, Random random)
    {
        var id = Guid(random);
        var patient = Guid(random);
        var (classCode, classDisplay) = Classes[random.Next(Classes.Length)];
        var (typeCode, typeDisplay) = Types[random.Next(Types.Length)];
        var start = new DateTime(2015, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(5_000_000));
        var end = start.AddMinutes(15 + random.Next(240));
        string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "+00:00";

        b.Append(CultureInfo.InvariantCulture, $$$"""{"resourceType":"Encounter","id":"{{{id}}}","meta":{"versionId":"1","lastUpdated":"2024-03-01T10:15:00.000+00:00","profile":["http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter"]},""");
        b.Append(CultureInfo.InvariantCulture, $$$"""
            "identifier":[{"use":"official","system":"https://github.com/synthetichealth/synthea","value":"{{{id}}}"}],"status":"{{{Statuses[random.Next(Statuses.Length)]}}}",
            """);
        b.Append(CultureInfo.InvariantCulture, $$$"""
            "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"{{{classCode}}}","display":"{{{classDisplay}}}"},
            """);
        b.Append(CultureInfo.InvariantCulture, $$$"""
            "type":[{"coding":[{"system":"http://snomed.info/sct","code":"{{{typeCode}}}","display":"{{{typeDisplay}}}"}],"text":"{{{typeDisplay}}}"}],
            """);
        b.Append(CultureInfo.InvariantCulture, $$$"""
            "subject":{"reference":"Patient/{{{patient}}}","display":"Mrs. Patient {{{index}}}"},"participant":[
            """);
        var participants = 1 + random.Next(2);
        for (var p = 0; p < participants; p++)
        {
            if (p > 0)
            {
                b.Append(',');
            }

            b.Append(CultureInfo.InvariantCulture, $$$"""
                {"type":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PPRF","display":"primary performer"}],"text":"primary performer"}],"period":{"start":"{{{Time(start)}}}","end":"{{{Time(end)}}}"},"individual":{"reference":"Practitioner/{{{Guid(random)}}}","display":"Dr. Practitioner {{{random.Next(1000)}}}"}}
                """);
        }

        b.Append(CultureInfo.InvariantCulture, $$$"""
            ],"period":{"start":"{{{Time(start)}}}","end":"{{{Time(end)}}}"},
            """);
        b.Append(CultureInfo.InvariantCulture, $$$"""
            "location":[{"location":{"reference":"Location/{{{Guid(random)}}}","display":"GENERAL HOSPITAL"}}],"serviceProvider":{"reference":"Organization/{{{Guid(random)}}}","display":"GENERAL HOSPITAL"}}
            """);
    }

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
