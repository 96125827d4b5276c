using System.Text;
using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary><c>ofType(type)</c> (FHIRPath N1 "Filtering and projection"): the items of the given type.</summary>
internal sealed class OfTypeNode(TypeSpecifier type) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        foreach (ref readonly var item in input)
        {
            if (type.Matches(item))
            {
                output.Add(item);
            }
        }
    }
}

/// <summary>
/// <c>extension(url)</c> (FHIR R4 "FHIRPath", additional functions): the extensions of each item with the given URL.
/// The URL is usually a literal, so it is encoded once; otherwise it is evaluated per call.
/// </summary>
internal sealed class ExtensionNode : ExpressionNode
{
    private static readonly byte[] ExtensionProperty = "extension"u8.ToArray();
    private static readonly byte[] UrlProperty = "url"u8.ToArray();

    private readonly ExpressionNode urlArgument;
    private readonly byte[]? literalUrl;

    public ExtensionNode(ExpressionNode urlArgument)
    {
        this.urlArgument = urlArgument;
        if (urlArgument is LiteralNode { Value.Kind: FhirValueKind.String } literal)
        {
            literalUrl = Encoding.UTF8.GetBytes(literal.Value.AsString()!);
        }
    }

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var url = literalUrl ?? EvaluateUrl(context);
        if (url is null)
        {
            return;
        }

        foreach (ref readonly var item in input)
        {
            if (!item.IsJsonObject || !item.Element.TryGetProperty(ExtensionProperty, out var extensions) || extensions.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var extension in extensions.EnumerateArray())
            {
                if (extension.ValueKind == JsonValueKind.Object && extension.TryGetProperty(UrlProperty, out var extensionUrl)
                    && extensionUrl.ValueKind == JsonValueKind.String && extensionUrl.ValueEquals(url))
                {
                    output.Add(FhirValue.FromJson(extension, "Extension"));
                }
            }
        }
    }

    private byte[]? EvaluateUrl(EvaluationContext context)
    {
        var values = EvaluateArgument(urlArgument, context);
        try
        {
            var text = Singletons.ToText(values.Span, "extension()");
            return text is null ? null : Encoding.UTF8.GetBytes(text);
        }
        finally
        {
            context.Return(values);
        }
    }
}
