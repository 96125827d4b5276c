using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>Evaluates a single FHIRPath expression through a one-column view, as the engine's users will.</summary>
internal static class PathEvaluation
{
    /// <summary>All values the path returns for the resource (a collection column, so nothing is dropped).</summary>
    public static object?[] Values(string resourceJson, string path, string constants = "[]")
    {
        using var document = JsonDocument.Parse(resourceJson);
        var resourceType = document.RootElement.GetProperty("resourceType").GetString();
        var view = ViewDefinition.Parse($$"""
            {
              "resource": "{{resourceType}}",
              "constant": {{constants}},
              "select": [{ "column": [{ "name": "v", "path": {{JsonSerializer.Serialize(path)}}, "collection": true }] }]
            }
            """);
        var row = Assert.Single(view.Evaluate(document.RootElement));
        return Assert.IsType<object?[]>(row[0]);
    }

    /// <summary>The single value the path returns, or null when it returns nothing.</summary>
    public static object? Value(string resourceJson, string path, string constants = "[]")
    {
        var values = Values(resourceJson, path, constants);
        Assert.True(values.Length <= 1, $"'{path}' returned {values.Length} values.");
        return values.Length == 0 ? null : values[0];
    }
}
