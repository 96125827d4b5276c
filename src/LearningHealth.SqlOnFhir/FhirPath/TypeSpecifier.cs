using System.Text.Json;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// A type named in <c>ofType()</c>, <c>is</c> or <c>as</c> (FHIRPath N1 "Types and Reflection"), resolved once at
/// compile time. Without a FHIR model the engine knows an item's type exactly only for choice elements and computed
/// values; for other JSON it checks what the JSON can tell (string, number, boolean, resourceType) and otherwise
/// trusts the view author, so <c>code.coding.ofType(Coding)</c> keeps the codings.
/// </summary>
internal sealed class TypeSpecifier
{
    private static readonly byte[] ResourceTypeProperty = "resourceType"u8.ToArray();

    private readonly bool isSystem;
    private readonly string name;
    private readonly FhirValueKind? systemKind;

    public TypeSpecifier(string specifier)
    {
        Text = specifier;
        (isSystem, name) = FhirTypes.ParseTypeSpecifier(specifier);
        // Unqualified system names (String, Integer, DateTime...) are not FHIR types, so they mean the System type.
        isSystem |= FhirTypes.SystemKindFromName(name) is not null;
        systemKind = isSystem ? FhirTypes.SystemKindFromName(name) : FhirTypes.SystemKindOf(name) switch
        {
            FhirValueKind.Json => null,
            var kind => kind,
        };
    }

    public string Text { get; }

    public bool Matches(in FhirValue value)
    {
        if (value.FhirType is { } knownType)
        {
            return isSystem ? FhirTypes.SystemKindOf(knownType) == systemKind : knownType == name;
        }

        if (!value.IsJson)
        {
            // Computed values are FHIRPath system types; an unqualified primitive name resolves to the same kind.
            return value.Kind == systemKind && (isSystem || FhirTypes.IsPrimitive(name));
        }

        var element = value.Element;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return systemKind is FhirValueKind.String or FhirValueKind.Date or FhirValueKind.DateTime or FhirValueKind.Time;
            case JsonValueKind.True:
            case JsonValueKind.False:
                return systemKind == FhirValueKind.Boolean;
            case JsonValueKind.Number:
                return systemKind == FhirValueKind.Decimal
                    || (systemKind == FhirValueKind.Integer && FhirValue.IsIntegralNumber(element));
            case JsonValueKind.Object:
                if (isSystem || FhirTypes.IsPrimitive(name))
                {
                    return false;
                }

                if (element.TryGetProperty(ResourceTypeProperty, out var resourceType))
                {
                    return name is "Resource" or "DomainResource" || resourceType.ValueEquals(name);
                }

                return true;
            default:
                return false;
        }
    }
}
