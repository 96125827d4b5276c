using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>How a value behaves in FHIRPath operators: its FHIRPath system type, or <see cref="Json"/> for complex values.</summary>
internal enum FhirValueKind : byte
{
    /// <summary>A JSON-backed value; for objects and arrays this is also its operator kind (complex type).</summary>
    Json,
    String,
    Boolean,
    Integer,
    Decimal,
    Date,
    DateTime,
    Time,
}

/// <summary>
/// One item of a FHIRPath collection. Items read from the resource stay as a <see cref="JsonElement"/>
/// (no copy, no deserialisation); items computed by the expression (literals, arithmetic, string
/// functions) carry a CLR scalar. The struct is passed by reference through the evaluator, so navigating
/// a resource allocates nothing.
/// </summary>
internal readonly struct FhirValue
{
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private FhirValue(JsonElement element, object? scalar, string? fhirType, FhirValueKind kind)
    {
        Element = element;
        Scalar = scalar;
        FhirType = fhirType;
        Kind = kind;
    }

    /// <summary>The JSON node, when <see cref="Kind"/> is <see cref="FhirValueKind.Json"/>.</summary>
    public JsonElement Element { get; }

    /// <summary>The computed value: string, boxed bool, boxed long, boxed decimal or <see cref="FhirDateTime"/>.</summary>
    public object? Scalar { get; }

    /// <summary>The FHIR type when it is known, e.g. from a choice element suffix (<c>valueQuantity</c> is a Quantity).</summary>
    public string? FhirType { get; }

    public FhirValueKind Kind { get; }

    public bool IsJson => Kind == FhirValueKind.Json;

    public bool IsJsonObject => Kind == FhirValueKind.Json && Element.ValueKind == JsonValueKind.Object;

    public static FhirValue FromJson(JsonElement element, string? fhirType = null) => new(element, null, fhirType, FhirValueKind.Json);

    public static FhirValue FromString(string value) => new(default, value, null, FhirValueKind.String);

    public static FhirValue FromBoolean(bool value) => new(default, value ? BoxedTrue : BoxedFalse, null, FhirValueKind.Boolean);

    public static FhirValue FromInteger(long value) => new(default, value, null, FhirValueKind.Integer);

    public static FhirValue FromDecimal(decimal value) => new(default, value, null, FhirValueKind.Decimal);

    public static FhirValue FromDateTime(FhirDateTime value) => new(
        default,
        value,
        null,
        value.Kind switch
        {
            FhirDateTimeKind.Date => FhirValueKind.Date,
            FhirDateTimeKind.Time => FhirValueKind.Time,
            _ => FhirValueKind.DateTime,
        });

    /// <summary>Makes a value from a literal produced by the parser.</summary>
    public static FhirValue FromLiteral(object literal) => literal switch
    {
        string s => FromString(s),
        bool b => FromBoolean(b),
        long l => FromInteger(l),
        decimal d => FromDecimal(d),
        FhirDateTime dt => FromDateTime(dt),
        _ => throw new ArgumentException($"Unsupported literal type {literal.GetType().Name}.", nameof(literal)),
    };

    /// <summary>
    /// The FHIRPath system type this value takes part in operators as. JSON strings are strings unless the FHIR
    /// type is known to be temporal; JSON numbers are integers when written without a fraction or exponent.
    /// </summary>
    public FhirValueKind OperatorKind
    {
        get
        {
            if (Kind != FhirValueKind.Json)
            {
                return Kind;
            }

            switch (Element.ValueKind)
            {
                case JsonValueKind.String:
                    if (FhirType is not null)
                    {
                        var kind = FhirTypes.SystemKindOf(FhirType);
                        if (kind is FhirValueKind.Date or FhirValueKind.DateTime or FhirValueKind.Time)
                        {
                            return kind;
                        }
                    }

                    return FhirValueKind.String;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return FhirValueKind.Boolean;
                case JsonValueKind.Number:
                    return FhirType == "decimal" || !IsIntegralNumber(Element) || !Element.TryGetInt64(out _)
                        ? FhirValueKind.Decimal
                        : FhirValueKind.Integer;
                default:
                    return FhirValueKind.Json;
            }
        }
    }

    /// <summary>True when a JSON number is written without a fraction or exponent, i.e. reads as a FHIRPath Integer.</summary>
    public static bool IsIntegralNumber(JsonElement number)
    {
        var raw = JsonMarshal.GetRawUtf8Value(number);
        return raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
    }

    /// <summary>The string content of a string-like value (strings, codes, uris, and dates as written).</summary>
    public string? AsString() => Kind switch
    {
        FhirValueKind.Json => Element.ValueKind == JsonValueKind.String ? Element.GetString() : null,
        FhirValueKind.String => (string)Scalar!,
        FhirValueKind.Date or FhirValueKind.DateTime or FhirValueKind.Time => ((FhirDateTime)Scalar!).Text,
        _ => null,
    };

    public bool TryGetBoolean(out bool value)
    {
        if (Kind == FhirValueKind.Boolean)
        {
            value = (bool)Scalar!;
            return true;
        }

        if (Kind == FhirValueKind.Json && Element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = Element.ValueKind == JsonValueKind.True;
            return true;
        }

        value = false;
        return false;
    }

    public long AsInteger() => Kind == FhirValueKind.Integer ? (long)Scalar! : Element.GetInt64();

    public decimal AsDecimal() => Kind switch
    {
        FhirValueKind.Integer => (long)Scalar!,
        FhirValueKind.Decimal => (decimal)Scalar!,
        _ => Element.GetDecimal(),
    };

    /// <summary>The value as a date/time of the given kind, parsing JSON text when needed; null if it does not parse.</summary>
    public FhirDateTime? AsDateTime(FhirValueKind wanted)
    {
        if (Scalar is FhirDateTime existing)
        {
            return existing;
        }

        var text = AsString();
        if (text is null)
        {
            return null;
        }

        return wanted switch
        {
            FhirValueKind.Time => FhirDateTime.TryParse(text, FhirDateTimeKind.Time),
            FhirValueKind.Date => FhirDateTime.TryParse(text, FhirDateTimeKind.Date) ?? FhirDateTime.TryParse(text, FhirDateTimeKind.DateTime),
            _ => FhirDateTime.TryParse(text, FhirDateTimeKind.DateTime),
        };
    }

    /// <summary>A short description for error messages.</summary>
    public string Describe()
    {
        var kind = OperatorKind;
        var type = FhirType ?? (kind == FhirValueKind.Json ? Element.ValueKind.ToString().ToLowerInvariant() : kind.ToString());
        var text = Kind == FhirValueKind.Json ? Element.GetRawText() : Convert.ToString(Scalar, CultureInfo.InvariantCulture);
        if (text is { Length: > 60 })
        {
            text = text[..57] + "...";
        }

        return $"{type} {text}";
    }
}
