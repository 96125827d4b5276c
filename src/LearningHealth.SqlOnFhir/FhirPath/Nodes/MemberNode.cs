using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// Navigates to a child element by name (FHIRPath N1 "Path selection"), flattening arrays and skipping JSON
/// nulls. Two FHIR JSON rules are applied without a FHIR model:
/// <list type="bullet">
/// <item>Choice elements (FHIR R4 "Choice of Data Types"): <c>value</c> finds <c>valueQuantity</c>, <c>valueString</c>...
/// and remembers the type from the suffix, so <c>ofType()</c> can filter on it.</item>
/// <item>A name starting with a capital letter that matches the focus's <c>resourceType</c> (as in <c>Patient.name</c>)
/// selects the resource itself.</item>
/// </list>
/// </summary>
internal sealed class MemberNode : ExpressionNode
{
    private static readonly byte[] ResourceTypeProperty = "resourceType"u8.ToArray();

    private readonly byte[] utf8Name;
    private readonly bool mayNameAType;

    public MemberNode(string name)
    {
        Name = name;
        utf8Name = Encoding.UTF8.GetBytes(name);
        mayNameAType = name.Length > 0 && char.IsAsciiLetterUpper(name[0]);
    }

    public string Name { get; }

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        foreach (ref readonly var item in input)
        {
            if (!item.IsJsonObject)
            {
                continue;
            }

            var element = item.Element;
            if (element.TryGetProperty(utf8Name, out var child))
            {
                AddFlattened(child, null, output);
            }
            else if (mayNameAType && element.TryGetProperty(ResourceTypeProperty, out var resourceType) && resourceType.ValueEquals(utf8Name))
            {
                output.Add(item);
            }
            else
            {
                AddChoiceElement(element, output);
            }
        }
    }

    private void AddChoiceElement(JsonElement element, ValueList output)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Length > utf8Name.Length && name.StartsWith(utf8Name))
            {
                var type = FhirTypes.ChoiceTypeFromSuffix(name[utf8Name.Length..]);
                if (type is not null)
                {
                    // FHIR allows only one type of a choice element to be present, so the first match is the only one.
                    AddFlattened(property.Value, type, output);
                    return;
                }
            }
        }
    }

    private static void AddFlattened(JsonElement child, string? fhirType, ValueList output)
    {
        switch (child.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var entry in child.EnumerateArray())
                {
                    // Primitive arrays hold null where only the '_name' extension twin has content.
                    if (entry.ValueKind != JsonValueKind.Null)
                    {
                        output.Add(FhirValue.FromJson(entry, fhirType));
                    }
                }

                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                break;
            default:
                output.Add(FhirValue.FromJson(child, fhirType));
                break;
        }
    }
}
