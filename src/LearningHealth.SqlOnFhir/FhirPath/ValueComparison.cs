using System.Text.Json;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>Item-level equality, equivalence and ordering (FHIRPath N1 "Equality" and "Comparison").</summary>
internal static class ValueComparison
{
    /// <summary>
    /// <c>=</c> on two items: true, false, or null when the answer is unknown (dates of different precision).
    /// Items of unrelated types are simply not equal.
    /// </summary>
    public static bool? AreEqual(in FhirValue left, in FhirValue right)
    {
        var leftKind = left.OperatorKind;
        var rightKind = right.OperatorKind;

        if (IsTemporal(leftKind) || IsTemporal(rightKind))
        {
            var (leftDate, rightDate) = AsDates(left, leftKind, right, rightKind);
            if (leftDate is null || rightDate is null)
            {
                return false;
            }

            var order = FhirDateTime.Compare(leftDate, rightDate);
            return order is null ? null : order == 0;
        }

        if (leftKind == FhirValueKind.String && rightKind == FhirValueKind.String)
        {
            return StringsEqual(left, right);
        }

        if (IsNumeric(leftKind) && IsNumeric(rightKind))
        {
            return left.AsDecimal() == right.AsDecimal();
        }

        if (leftKind == FhirValueKind.Boolean && rightKind == FhirValueKind.Boolean)
        {
            left.TryGetBoolean(out var a);
            right.TryGetBoolean(out var b);
            return a == b;
        }

        if (leftKind == FhirValueKind.Json && rightKind == FhirValueKind.Json)
        {
            // Complex values are equal when all their members are (FHIRPath N1 "Equals", complex types).
            return JsonElement.DeepEquals(left.Element, right.Element);
        }

        return false;
    }

    /// <summary><c>~</c> on two items: like equality, but case- and whitespace-insensitive for strings and never unknown.</summary>
    public static bool AreEquivalent(in FhirValue left, in FhirValue right)
    {
        if (left.OperatorKind == FhirValueKind.String && right.OperatorKind == FhirValueKind.String)
        {
            return string.Equals(NormalizeWhitespace(left.AsString()!), NormalizeWhitespace(right.AsString()!), StringComparison.OrdinalIgnoreCase);
        }

        return AreEqual(left, right) == true;
    }

    /// <summary>
    /// Ordering for <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>: negative, zero, positive, or null when unknown.
    /// Comparing values of types that have no order between them is an error.
    /// </summary>
    public static int? Compare(in FhirValue left, in FhirValue right, string operation)
    {
        var leftKind = left.OperatorKind;
        var rightKind = right.OperatorKind;

        if (IsNumeric(leftKind) && IsNumeric(rightKind))
        {
            return left.AsDecimal().CompareTo(right.AsDecimal());
        }

        if (IsTemporal(leftKind) || IsTemporal(rightKind))
        {
            var (leftDate, rightDate) = AsDates(left, leftKind, right, rightKind);
            if (leftDate is not null && rightDate is not null)
            {
                return FhirDateTime.Compare(leftDate, rightDate);
            }
        }
        else if (leftKind == FhirValueKind.String && rightKind == FhirValueKind.String)
        {
            return Math.Sign(string.CompareOrdinal(left.AsString(), right.AsString()));
        }

        throw new FhirPathEvaluationException($"Cannot compare {left.Describe()} with {right.Describe()} using '{operation}'.");
    }

    private static bool StringsEqual(in FhirValue left, in FhirValue right)
    {
        // Compare JSON text in place when one side is a JSON string, so matching a code against a literal allocates nothing.
        if (left.IsJson && left.Element.ValueKind == JsonValueKind.String)
        {
            return right.IsJson && right.Element.ValueKind == JsonValueKind.String
                ? left.Element.ValueEquals(right.Element.GetString())
                : left.Element.ValueEquals(right.AsString());
        }

        if (right.IsJson && right.Element.ValueKind == JsonValueKind.String)
        {
            return right.Element.ValueEquals(left.AsString());
        }

        return string.Equals(left.AsString(), right.AsString(), StringComparison.Ordinal);
    }

    /// <summary>A plain string meeting a typed date is read as a date of the same kind (FHIRPath implicit conversion).</summary>
    private static (FhirDateTime? Left, FhirDateTime? Right) AsDates(in FhirValue left, FhirValueKind leftKind, in FhirValue right, FhirValueKind rightKind)
    {
        var wantedForLeft = IsTemporal(leftKind) ? leftKind : rightKind;
        var wantedForRight = IsTemporal(rightKind) ? rightKind : leftKind;
        if ((leftKind != FhirValueKind.String && !IsTemporal(leftKind)) || (rightKind != FhirValueKind.String && !IsTemporal(rightKind)))
        {
            return (null, null);
        }

        return (left.AsDateTime(wantedForLeft), right.AsDateTime(wantedForRight));
    }

    private static bool IsTemporal(FhirValueKind kind) => kind is FhirValueKind.Date or FhirValueKind.DateTime or FhirValueKind.Time;

    public static bool IsNumeric(FhirValueKind kind) => kind is FhirValueKind.Integer or FhirValueKind.Decimal;

    private static string NormalizeWhitespace(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
