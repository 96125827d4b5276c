namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>FHIRPath N1 "Singleton Evaluation of Collections": how operators read a collection as one value.</summary>
internal static class Singletons
{
    /// <summary>
    /// Reads a collection where a Boolean is expected: empty is unknown (null), a single Boolean is itself, a single
    /// item of any other type is true, more than one item is an error.
    /// </summary>
    public static bool? ToBoolean(ReadOnlySpan<FhirValue> values, string operation)
    {
        if (values.Length == 0)
        {
            return null;
        }

        if (values.Length > 1)
        {
            throw new FhirPathEvaluationException($"{operation} expects a single Boolean but the collection has {values.Length} items.");
        }

        return values[0].TryGetBoolean(out var value) ? value : true;
    }

    /// <summary>Reads a collection that must hold at most one item; null when empty.</summary>
    public static bool TryGetSingle(ReadOnlySpan<FhirValue> values, string operation, out FhirValue value)
    {
        if (values.Length > 1)
        {
            throw new FhirPathEvaluationException($"{operation} expects a single item but the collection has {values.Length} items.");
        }

        value = values.Length == 1 ? values[0] : default;
        return values.Length == 1;
    }

    /// <summary>Reads an integer argument such as the count of <c>skip(n)</c>; null when empty.</summary>
    public static long? ToInteger(ReadOnlySpan<FhirValue> values, string operation)
    {
        if (!TryGetSingle(values, operation, out var value))
        {
            return null;
        }

        if (value.OperatorKind != FhirValueKind.Integer)
        {
            throw new FhirPathEvaluationException($"{operation} expects an Integer but got {value.Describe()}.");
        }

        return value.AsInteger();
    }

    /// <summary>Reads a string argument such as the separator of <c>join()</c>; null when empty.</summary>
    public static string? ToText(ReadOnlySpan<FhirValue> values, string operation)
    {
        if (!TryGetSingle(values, operation, out var value))
        {
            return null;
        }

        return value.AsString() ?? throw new FhirPathEvaluationException($"{operation} expects a String but got {value.Describe()}.");
    }
}
