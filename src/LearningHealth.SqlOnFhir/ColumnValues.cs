using System.Globalization;
using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath;

namespace LearningHealth.SqlOnFhir;

/// <summary>The CLR representation chosen for a column from its declared FHIR type (see <see cref="ViewColumn.ClrType"/>).</summary>
internal enum ColumnValueKind
{
    Unspecified,
    String,
    Boolean,
    Int32,
    Int64,
    Decimal,
}

/// <summary>Maps declared FHIR types to <see cref="ColumnValueKind"/> and FHIRPath items to row values.</summary>
internal static class ColumnValueKinds
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    public static ColumnValueKind FromFhirType(string? type) => type switch
    {
        null or "" => ColumnValueKind.Unspecified,
        "boolean" => ColumnValueKind.Boolean,
        "integer" or "positiveInt" or "unsignedInt" => ColumnValueKind.Int32,
        "integer64" => ColumnValueKind.Int64,
        "decimal" => ColumnValueKind.Decimal,
        _ => ColumnValueKind.String,
    };

    /// <summary>
    /// Converts one FHIRPath item to the cell value for a column. Numbers follow the declared type, so an integer sum in a
    /// decimal column is a <see cref="decimal"/>; a value whose kind does not fit the declared type is kept as it is
    /// rather than guessed at. Complex values (objects) become their JSON text. JSON strings come from
    /// <paramref name="strings"/> (for column slot <paramref name="slot"/>) when a cache is given.
    /// </summary>
    public static object ToCell(in FhirValue value, ColumnValueKind kind, CellStringCache? strings, int slot)
    {
        switch (value.Kind)
        {
            case FhirValueKind.Json:
                var element = value.Element;
                switch (element.ValueKind)
                {
                    case JsonValueKind.String:
                        return strings is null ? element.GetString()! : strings.Get(element, slot);
                    case JsonValueKind.True:
                        return kind == ColumnValueKind.String ? "true" : BoxedTrue;
                    case JsonValueKind.False:
                        return kind == ColumnValueKind.String ? "false" : BoxedFalse;
                    case JsonValueKind.Number:
                        return NumberCell(element, kind);
                    default:
                        return element.GetRawText();
                }

            case FhirValueKind.Boolean:
                return kind == ColumnValueKind.String ? ((bool)value.Scalar! ? "true" : "false") : value.Scalar!;
            case FhirValueKind.Integer:
                var integer = (long)value.Scalar!;
                return kind switch
                {
                    ColumnValueKind.Int32 when integer is >= int.MinValue and <= int.MaxValue => (int)integer,
                    ColumnValueKind.Decimal => (decimal)integer,
                    ColumnValueKind.String => integer.ToString(CultureInfo.InvariantCulture),
                    _ => value.Scalar!,
                };
            case FhirValueKind.Decimal:
                return kind == ColumnValueKind.String ? ((decimal)value.Scalar!).ToString(CultureInfo.InvariantCulture) : value.Scalar!;
            default:
                return value.AsString()!;
        }
    }

    private static object NumberCell(JsonElement number, ColumnValueKind kind)
    {
        switch (kind)
        {
            case ColumnValueKind.Int32 when number.TryGetInt32(out var int32):
                return int32;
            case ColumnValueKind.Int64 when number.TryGetInt64(out var int64):
                return int64;
            case ColumnValueKind.String:
                return number.GetRawText();
            case ColumnValueKind.Decimal:
                return number.GetDecimal();
        }

        // Undeclared or mismatched: integers as long, anything with a fraction or exponent as decimal.
        return FhirValue.IsIntegralNumber(number) && number.TryGetInt64(out var whole) ? whole : (object)number.GetDecimal();
    }
}
