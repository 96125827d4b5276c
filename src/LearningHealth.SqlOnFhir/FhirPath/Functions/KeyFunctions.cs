using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>
/// <c>getResourceKey()</c> (SQL on FHIR v2 "Required Additional Functions"). This engine takes the
/// "Return the Resource ID" approach from "Suggested Implementations for getResourceKey() and getReferenceKey()":
/// the key is the resource's <c>id</c>.
/// </summary>
internal sealed class ResourceKeyNode : ExpressionNode
{
    public static readonly ResourceKeyNode Instance = new();

    private static readonly byte[] ResourceTypeProperty = "resourceType"u8.ToArray();
    private static readonly byte[] IdProperty = "id"u8.ToArray();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        // The function is meant for the resource root; called from inside a forEach it still means the resource being read.
        var resource = context.Resource;
        if (input.Length == 1 && input[0].IsJsonObject && input[0].Element.TryGetProperty(ResourceTypeProperty, out _))
        {
            resource = input[0].Element;
        }

        if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty(IdProperty, out var id) && id.ValueKind == JsonValueKind.String)
        {
            output.Add(FhirValue.FromJson(id, "id"));
        }
    }
}

/// <summary>
/// <c>getReferenceKey([type])</c> (SQL on FHIR v2 "Required Additional Functions"): for each Reference, the key of the
/// resource it points to, i.e. the id part of <c>Reference.reference</c>. Relative references (<c>Patient/123</c>),
/// absolute ones ending in <c>Type/id</c>, and either form with <c>/_history/n</c> are read; contained (<c>#x</c>),
/// <c>urn:</c> and identifier-only references give empty, as the spec requires for references a runner cannot resolve.
/// With a type, references to other resource types give empty.
/// </summary>
internal sealed class ReferenceKeyNode(string? resourceType) : ExpressionNode
{
    private static readonly byte[] ReferenceProperty = "reference"u8.ToArray();
    private readonly byte[]? utf8ResourceType = resourceType is null ? null : Encoding.UTF8.GetBytes(resourceType);

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        foreach (ref readonly var item in input)
        {
            if (item.IsJsonObject && item.Element.TryGetProperty(ReferenceProperty, out var reference)
                && reference.ValueKind == JsonValueKind.String && KeyOf(reference) is { } key)
            {
                output.Add(FhirValue.FromString(key));
            }
        }
    }

    private string? KeyOf(JsonElement reference)
    {
        // The raw value of a JSON string includes its quotes.
        var raw = JsonMarshal.GetRawUtf8Value(reference)[1..^1];
        if (raw.Contains((byte)'\\'))
        {
            // Escaped JSON text is rare in references; decode it rather than slicing raw bytes.
            return KeyOf(Encoding.UTF8.GetBytes(reference.GetString()!));
        }

        return KeyOf(raw);
    }

    private string? KeyOf(ReadOnlySpan<byte> reference) => KeyOf(reference, utf8ResourceType);

    /// <summary>The key a reference (its unescaped UTF-8 text) points to, if it is to <paramref name="utf8ResourceType"/> (any type when null).</summary>
    internal static string? KeyOf(ReadOnlySpan<byte> reference, byte[]? utf8ResourceType)
    {
        if (reference.IsEmpty || reference[0] == (byte)'#' || reference.StartsWith("urn:"u8))
        {
            return null;
        }

        var history = reference.IndexOf("/_history/"u8);
        if (history >= 0)
        {
            reference = reference[..history];
        }

        var lastSlash = reference.LastIndexOf((byte)'/');
        if (lastSlash <= 0 || lastSlash == reference.Length - 1)
        {
            return null;
        }

        var id = reference[(lastSlash + 1)..];
        var typeStart = reference[..lastSlash].LastIndexOf((byte)'/') + 1;
        var type = reference[typeStart..lastSlash];
        if (!IsResourceTypeName(type) || (utf8ResourceType is not null && !type.SequenceEqual(utf8ResourceType)))
        {
            return null;
        }

        return Encoding.UTF8.GetString(id);
    }

    private static bool IsResourceTypeName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name[0] < (byte)'A' || name[0] > (byte)'Z')
        {
            return false;
        }

        foreach (var b in name)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
