using System.Text.Json;
using System.Text.RegularExpressions;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>
/// Checks a JSON document against the structural keywords of a JSON Schema (draft-07): <c>type</c>, <c>properties</c>,
/// <c>required</c>, <c>patternProperties</c>, <c>additionalProperties: false</c>, <c>items</c> and <c>minItems</c>.
/// That is every keyword the official test report schema uses, so no schema library is needed.
/// </summary>
internal static class JsonSchemaShape
{
    /// <summary>Every violation found, each with the JSON path where it occurs; empty when the document fits.</summary>
    public static List<string> Violations(JsonElement schema, JsonElement document)
    {
        var violations = new List<string>();
        Check(schema, document, "$", violations);
        return violations;
    }

    private static void Check(JsonElement schema, JsonElement value, string path, List<string> violations)
    {
        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            violations.Add($"{path}: expected {type.GetString()} but found {value.ValueKind}.");
            return;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, violations);
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
            {
                violations.Add($"{path}: expected at least {minItems.GetInt32()} item(s).");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{path}[{index++}]", violations);
                }
            }
        }
    }

    private static void CheckObject(JsonElement schema, JsonElement value, string path, List<string> violations)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    violations.Add($"{path}: required property '{name}' is missing.");
                }
            }
        }

        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            var matched = false;
            if (schema.TryGetProperty("properties", out var properties) && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                matched = true;
                Check(propertySchema, property.Value, propertyPath, violations);
            }

            if (schema.TryGetProperty("patternProperties", out var patterns))
            {
                foreach (var pattern in patterns.EnumerateObject())
                {
                    if (Regex.IsMatch(property.Name, pattern.Name))
                    {
                        matched = true;
                        Check(pattern.Value, property.Value, propertyPath, violations);
                    }
                }
            }

            if (!matched && schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                violations.Add($"{propertyPath}: property is not allowed.");
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };
}
