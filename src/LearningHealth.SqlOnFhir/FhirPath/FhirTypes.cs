using System.Collections.Frozen;
using System.Text;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// The little type knowledge the engine needs without a FHIR model: which suffixes mark a choice
/// element (<c>value[x]</c> written as <c>valueQuantity</c>, FHIR R4 "Choice of Data Types") and how FHIR
/// primitive types group into FHIRPath system types (FHIRPath N1 "Models").
/// </summary>
internal static class FhirTypes
{
    /// <summary>Choice element suffix (as it appears in JSON) to FHIR type name; R4 and R5 data types.</summary>
    private static readonly FrozenDictionary<string, string> ChoiceSuffixes = new[]
    {
        "base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id", "instant", "integer",
        "integer64", "markdown", "oid", "positiveInt", "string", "time", "unsignedInt", "uri", "url", "uuid",
        "Address", "Age", "Annotation", "Attachment", "CodeableConcept", "CodeableReference", "Coding", "ContactPoint",
        "Count", "Distance", "Duration", "HumanName", "Identifier", "Money", "Period", "Quantity", "Range", "Ratio",
        "RatioRange", "Reference", "SampledData", "Signature", "Timing", "ContactDetail", "Contributor",
        "DataRequirement", "Expression", "ParameterDefinition", "RelatedArtifact", "TriggerDefinition", "UsageContext",
        "Availability", "ExtendedContactDetail", "Dosage", "Meta",
    }.ToFrozenDictionary(type => char.ToUpperInvariant(type[0]) + type[1..], type => type, StringComparer.Ordinal);

    private static readonly FrozenSet<string> StringTypes = new[]
    {
        "string", "code", "id", "uri", "url", "canonical", "oid", "uuid", "markdown", "base64Binary", "xhtml",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> IntegerTypes = new[]
    {
        "integer", "positiveInt", "unsignedInt", "integer64",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The FHIR type named by a choice suffix in UTF-8 JSON, e.g. <c>Quantity</c> for <c>valueQuantity</c>.</summary>
    public static string? ChoiceTypeFromSuffix(ReadOnlySpan<byte> utf8Suffix)
    {
        if (utf8Suffix.Length == 0 || utf8Suffix[0] < (byte)'A' || utf8Suffix[0] > (byte)'Z')
        {
            return null;
        }

        Span<char> buffer = stackalloc char[64];
        if (utf8Suffix.Length > buffer.Length)
        {
            return null;
        }

        var length = Encoding.UTF8.GetChars(utf8Suffix, buffer);
        var lookup = ChoiceSuffixes.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(buffer[..length], out var type) ? type : null;
    }

    /// <summary>The FHIRPath system type a FHIR type maps to, which decides how values compare.</summary>
    public static FhirValueKind SystemKindOf(string fhirType)
    {
        if (StringTypes.Contains(fhirType))
        {
            return FhirValueKind.String;
        }

        if (IntegerTypes.Contains(fhirType))
        {
            return FhirValueKind.Integer;
        }

        return fhirType switch
        {
            "boolean" => FhirValueKind.Boolean,
            "decimal" => FhirValueKind.Decimal,
            "date" => FhirValueKind.Date,
            "dateTime" or "instant" => FhirValueKind.DateTime,
            "time" => FhirValueKind.Time,
            _ => FhirValueKind.Json,
        };
    }

    /// <summary>True for FHIR primitive type names (lower-case first letter by FHIR convention).</summary>
    public static bool IsPrimitive(string fhirType) => fhirType.Length > 0 && char.IsLower(fhirType[0]);

    /// <summary>
    /// Splits a type specifier such as <c>FHIR.Coding</c> or <c>System.String</c> into whether it names a
    /// FHIRPath system type and the bare name.
    /// </summary>
    public static (bool IsSystem, string Name) ParseTypeSpecifier(string specifier)
    {
        if (specifier.StartsWith("System.", StringComparison.Ordinal))
        {
            return (true, specifier["System.".Length..]);
        }

        return (false, specifier.StartsWith("FHIR.", StringComparison.Ordinal) ? specifier["FHIR.".Length..] : specifier);
    }

    /// <summary>The system kind named by a <c>System.*</c> type specifier.</summary>
    public static FhirValueKind? SystemKindFromName(string name) => name switch
    {
        "String" => FhirValueKind.String,
        "Boolean" => FhirValueKind.Boolean,
        "Integer" or "Long" => FhirValueKind.Integer,
        "Decimal" => FhirValueKind.Decimal,
        "Date" => FhirValueKind.Date,
        "DateTime" => FhirValueKind.DateTime,
        "Time" => FhirValueKind.Time,
        _ => null,
    };
}
