using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningHealth.SqlOnFhir.FhirPath;

namespace LearningHealth.SqlOnFhir.Views;

/// <summary>
/// Reads ViewDefinition JSON into a <see cref="ViewModel"/>, checking each element's presence and JSON type
/// against the SQL on FHIR v2 ViewDefinition logical model. Every problem is reported as a
/// <see cref="ViewDefinitionException"/> naming the element, e.g. <c>ViewDefinition.select[0].forEach</c>.
/// Elements the engine does not use (url, status, tags...) are accepted and ignored so that views written for
/// later versions of the specification still load.
/// </summary>
internal static partial class ViewDefinitionReader
{
    private const string Root = "ViewDefinition";

    /// <summary>SQL on FHIR v2 constraint <c>sql-name</c> on column and constant names.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex SqlName();

    [GeneratedRegex("^[A-Z][A-Za-z]*$")]
    private static partial Regex ResourceTypeName();

    /// <summary>Constant value types allowed by the ViewDefinition model, with the FHIRPath value each becomes.</summary>
    private static readonly Dictionary<string, Func<JsonElement, FhirValue?>> ConstantTypes = new(StringComparer.Ordinal)
    {
        ["valueBase64Binary"] = StringConstant,
        ["valueCanonical"] = StringConstant,
        ["valueCode"] = StringConstant,
        ["valueId"] = StringConstant,
        ["valueMarkdown"] = StringConstant,
        ["valueOid"] = StringConstant,
        ["valueString"] = StringConstant,
        ["valueUri"] = StringConstant,
        ["valueUrl"] = StringConstant,
        ["valueUuid"] = StringConstant,
        ["valueBoolean"] = e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? FhirValue.FromBoolean(e.GetBoolean()) : null,
        ["valueDecimal"] = e => e.ValueKind == JsonValueKind.Number ? FhirValue.FromDecimal(e.GetDecimal()) : null,
        ["valueInteger"] = IntegerConstant,
        ["valuePositiveInt"] = IntegerConstant,
        ["valueUnsignedInt"] = IntegerConstant,
        ["valueInteger64"] = e => e.ValueKind == JsonValueKind.String
            && long.TryParse(e.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? FhirValue.FromInteger(value)
                : IntegerConstant(e),
        ["valueDate"] = e => DateConstant(e, FhirDateTimeKind.Date),
        ["valueDateTime"] = e => DateConstant(e, FhirDateTimeKind.DateTime),
        ["valueInstant"] = e => DateConstant(e, FhirDateTimeKind.DateTime),
        ["valueTime"] = e => DateConstant(e, FhirDateTimeKind.Time),
    };

    public static ViewModel Read(JsonElement view)
    {
        if (view.ValueKind != JsonValueKind.Object)
        {
            throw new ViewDefinitionException(Root, $"must be a JSON object but is {Describe(view)}.");
        }

        if (view.TryGetProperty("resourceType", out var resourceType)
            && !(resourceType.ValueKind == JsonValueKind.String && resourceType.ValueEquals("ViewDefinition")))
        {
            throw new ViewDefinitionException($"{Root}.resourceType", $"must be \"ViewDefinition\" but is {Describe(resourceType)}.");
        }

        var resource = RequiredString(view, "resource", Root);
        if (!ResourceTypeName().IsMatch(resource))
        {
            throw new ViewDefinitionException($"{Root}.resource", $"must be a FHIR resource type name such as \"Patient\" but is \"{resource}\".");
        }

        var name = OptionalString(view, "name", Root);
        var constants = ReadArray(view, "constant", Root, ReadConstant);
        var wheres = ReadArray(view, "where", Root, (element, path) => new WhereModel(path, RequiredString(element, "path", path)));
        var selects = ReadArray(view, "select", Root, ReadSelect);
        if (selects.Count == 0)
        {
            throw new ViewDefinitionException($"{Root}.select", "is required and must contain at least one select.");
        }

        return new ViewModel(name, resource, constants, selects, wheres);
    }

    private static SelectModel ReadSelect(JsonElement select, string path)
    {
        var forEach = OptionalString(select, "forEach", path);
        var forEachOrNull = OptionalString(select, "forEachOrNull", path);
        var repeat = ReadArray(select, "repeat", path, (element, elementPath) => element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new ViewDefinitionException(elementPath, $"must be a FHIRPath string but is {Describe(element)}."));

        var iterations = (forEach is null ? 0 : 1) + (forEachOrNull is null ? 0 : 1) + (repeat.Count == 0 ? 0 : 1);
        if (iterations > 1)
        {
            throw new ViewDefinitionException(path, "may have only one of forEach, forEachOrNull and repeat.");
        }

        if (select.TryGetProperty("repeat", out _) && repeat.Count == 0)
        {
            throw new ViewDefinitionException($"{path}.repeat", "must list at least one FHIRPath expression.");
        }

        var columns = ReadArray(select, "column", path, ReadColumn);
        var selects = ReadArray(select, "select", path, ReadSelect);
        var unionAll = ReadArray(select, "unionAll", path, ReadSelect);
        if (select.TryGetProperty("unionAll", out _) && unionAll.Count == 0)
        {
            throw new ViewDefinitionException($"{path}.unionAll", "must contain at least one select.");
        }

        return new SelectModel(path, forEach, forEachOrNull, repeat, columns, selects, unionAll);
    }

    private static ColumnModel ReadColumn(JsonElement column, string path)
    {
        var name = RequiredString(column, "name", path);
        if (!SqlName().IsMatch(name))
        {
            throw new ViewDefinitionException($"{path}.name",
                $"\"{name}\" is not a valid column name: use a letter followed by letters, digits or underscores.");
        }

        var expression = RequiredString(column, "path", path);
        var type = OptionalString(column, "type", path);
        var description = OptionalString(column, "description", path);
        var collection = false;
        if (column.TryGetProperty("collection", out var collectionElement))
        {
            collection = collectionElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ViewDefinitionException($"{path}.collection", $"must be true or false but is {Describe(collectionElement)}."),
            };
        }

        return new ColumnModel(path, name, expression, type, collection, description);
    }

    private static ConstantModel ReadConstant(JsonElement constant, string path)
    {
        var name = RequiredString(constant, "name", path);
        if (!SqlName().IsMatch(name))
        {
            throw new ViewDefinitionException($"{path}.name",
                $"\"{name}\" is not a valid constant name: use a letter followed by letters, digits or underscores.");
        }

        FhirValue? value = null;
        string? valueElement = null;
        foreach (var property in constant.EnumerateObject())
        {
            if (!property.Name.StartsWith("value", StringComparison.Ordinal))
            {
                continue;
            }

            if (!ConstantTypes.TryGetValue(property.Name, out var read))
            {
                throw new ViewDefinitionException($"{path}.{property.Name}", "is not a supported constant type.");
            }

            if (valueElement is not null)
            {
                throw new ViewDefinitionException(path, $"has both {valueElement} and {property.Name}; a constant has exactly one value.");
            }

            valueElement = property.Name;
            value = read(property.Value)
                ?? throw new ViewDefinitionException($"{path}.{property.Name}", $"{Describe(property.Value)} is not a valid {property.Name[5..]}.");
        }

        if (value is null)
        {
            throw new ViewDefinitionException(path, $"constant '{name}' has no value; give one value[x] element such as valueString.");
        }

        return new ConstantModel(path, name, value.Value);
    }

    private static FhirValue? StringConstant(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? FhirValue.FromString(element.GetString()!) : null;

    private static FhirValue? IntegerConstant(JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) ? FhirValue.FromInteger(value) : null;

    private static FhirValue? DateConstant(JsonElement element, FhirDateTimeKind kind) =>
        element.ValueKind == JsonValueKind.String && FhirDateTime.TryParse(element.GetString()!, kind) is { } date
            ? FhirValue.FromDateTime(date)
            : null;

    private static List<T> ReadArray<T>(JsonElement parent, string property, string parentPath, Func<JsonElement, string, T> read)
    {
        var result = new List<T>();
        if (!parent.TryGetProperty(property, out var array))
        {
            return result;
        }

        var path = $"{parentPath}.{property}";
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new ViewDefinitionException(path, $"must be an array but is {Describe(array)}.");
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (typeof(T) != typeof(string) && item.ValueKind != JsonValueKind.Object)
            {
                throw new ViewDefinitionException(itemPath, $"must be an object but is {Describe(item)}.");
            }

            result.Add(read(item, itemPath));
        }

        return result;
    }

    private static string RequiredString(JsonElement parent, string property, string parentPath) =>
        OptionalString(parent, property, parentPath) is { Length: > 0 } value
            ? value
            : throw new ViewDefinitionException($"{parentPath}.{property}", "is required and must be a non-empty string.");

    private static string? OptionalString(JsonElement parent, string property, string parentPath)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new ViewDefinitionException($"{parentPath}.{property}", $"must be a string but is {Describe(value)}.");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        _ => "null",
    };
}
