using System.Text.Json;
using LearningHealth.SqlOnFhir.Views;

namespace LearningHealth.SqlOnFhir;

/// <summary>
/// Entry point: reads a SQL on FHIR v2 ViewDefinition (https://sql-on-fhir.org/ig/StructureDefinition-ViewDefinition.html),
/// validates it and compiles it into a <see cref="CompiledView"/>.
/// </summary>
public static class ViewDefinition
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses, validates and compiles ViewDefinition JSON.</summary>
    /// <exception cref="ViewDefinitionException">The JSON is not a valid ViewDefinition; the exception names the element.</exception>
    public static CompiledView Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException error)
        {
            throw new ViewDefinitionException("ViewDefinition", $"is not valid JSON: {error.Message}", error);
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    /// <summary>Validates and compiles a ViewDefinition that is already parsed. The element is not kept.</summary>
    /// <exception cref="ViewDefinitionException">The element is not a valid ViewDefinition; the exception names the offending element.</exception>
    public static CompiledView Parse(JsonElement viewDefinition) => ViewCompiler.Compile(ViewDefinitionReader.Read(viewDefinition));
}
