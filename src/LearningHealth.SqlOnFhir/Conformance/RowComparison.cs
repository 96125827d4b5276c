using System.Globalization;
using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Conformance;

/// <summary>
/// Compares produced rows with a test's expectations. Rows are compared as a multiset: the order of rows is not part of
/// the result (SQL on FHIR v2 "Unions": no guarantee that row ordering will be preserved; the reference runner sorts
/// both sides before comparing). Within a row the column names must match exactly; numbers compare by value, so 5 and
/// 5.0 are equal; collection cells compare in order.
/// </summary>
internal static class RowComparison
{
    /// <summary>Null when the rows meet the expectations, otherwise a sentence saying what differs.</summary>
    public static string? Explain(ConformanceTestCase testCase, IReadOnlyList<ViewColumn> columns, IReadOnlyList<object?[]> rows)
    {
        if (testCase.ExpectedColumns is { } expectedColumns)
        {
            var actualNames = columns.Select(column => column.Name).ToList();
            if (!actualNames.SequenceEqual(expectedColumns, StringComparer.Ordinal))
            {
                return $"Expected columns [{string.Join(", ", expectedColumns)}] but got [{string.Join(", ", actualNames)}].";
            }
        }

        if (testCase.ExpectedCount is { } count && rows.Count != count)
        {
            return $"Expected {count} row(s) but got {rows.Count}.";
        }

        if (testCase.ExpectedRows is not { } expected)
        {
            return null;
        }

        var expectedRows = expected.EnumerateArray().ToList();
        if (expectedRows.Count != rows.Count)
        {
            return $"Expected {expectedRows.Count} row(s) but got {rows.Count}. Got: {Format(columns, rows)}";
        }

        var matched = new bool[rows.Count];
        foreach (var expectedRow in expectedRows)
        {
            var found = false;
            for (var i = 0; i < rows.Count && !found; i++)
            {
                if (!matched[i] && RowMatches(expectedRow, columns, rows[i]))
                {
                    matched[i] = found = true;
                }
            }

            if (!found)
            {
                return $"Expected row {expectedRow.GetRawText()} was not produced. Got: {Format(columns, rows)}";
            }
        }

        return null;
    }

    private static bool RowMatches(JsonElement expected, IReadOnlyList<ViewColumn> columns, object?[] actual)
    {
        var expectedKeys = 0;
        foreach (var property in expected.EnumerateObject())
        {
            expectedKeys++;
            var index = IndexOf(columns, property.Name);
            if (index < 0 || !CellMatches(property.Value, actual[index]))
            {
                return false;
            }
        }

        return expectedKeys == columns.Count;
    }

    private static int IndexOf(IReadOnlyList<ViewColumn> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool CellMatches(JsonElement expected, object? actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                return actual is null;
            case JsonValueKind.String:
                return actual is string text && expected.ValueEquals(text);
            case JsonValueKind.True:
            case JsonValueKind.False:
                return actual is bool flag && flag == (expected.ValueKind == JsonValueKind.True);
            case JsonValueKind.Number:
                return actual is int or long or decimal && expected.GetDecimal() == Convert.ToDecimal(actual, CultureInfo.InvariantCulture);
            case JsonValueKind.Array:
                if (actual is not object?[] items || items.Length != expected.GetArrayLength())
                {
                    return false;
                }

                var position = 0;
                foreach (var item in expected.EnumerateArray())
                {
                    if (!CellMatches(item, items[position++]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (actual is not string json)
                {
                    return false;
                }

                using (var document = JsonDocument.Parse(json))
                {
                    return JsonElement.DeepEquals(expected, document.RootElement);
                }
        }
    }

    /// <summary>The produced rows as JSON, for failure messages.</summary>
    internal static string Format(IReadOnlyList<ViewColumn> columns, IReadOnlyList<object?[]> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < columns.Count; i++)
                {
                    writer.WritePropertyName(columns[i].Name);
                    WriteCell(writer, row[i]);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCell(Utf8JsonWriter writer, object? cell)
    {
        switch (cell)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or decimal:
                writer.WriteNumberValue(Convert.ToDecimal(cell, CultureInfo.InvariantCulture));
                break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteCell(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(cell, CultureInfo.InvariantCulture));
                break;
        }
    }
}
