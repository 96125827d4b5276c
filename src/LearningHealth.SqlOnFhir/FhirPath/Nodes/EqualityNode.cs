namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// <c>=</c>, <c>!=</c>, <c>~</c> and <c>!~</c> (FHIRPath N1 "Equality"). Equality of collections is item by item
/// in order; an empty operand makes <c>=</c> empty, while equivalence treats two empties as equivalent.
/// </summary>
internal sealed class EqualityNode(string op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    private readonly bool negate = op is "!=" or "!~";
    private readonly bool equivalence = op is "~" or "!~";

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var leftValues = context.Rent();
        var rightValues = context.Rent();
        try
        {
            left.Evaluate(input, context, leftValues);
            right.Evaluate(input, context, rightValues);
            var result = equivalence
                ? Equivalent(leftValues.Span, rightValues.Span)
                : Equal(leftValues.Span, rightValues.Span);
            if (result is { } value)
            {
                output.Add(FhirValue.FromBoolean(value != negate));
            }
        }
        finally
        {
            context.Return(leftValues);
            context.Return(rightValues);
        }
    }

    private static bool? Equal(ReadOnlySpan<FhirValue> left, ReadOnlySpan<FhirValue> right)
    {
        if (left.Length == 0 || right.Length == 0)
        {
            return null;
        }

        if (left.Length != right.Length)
        {
            return false;
        }

        var unknown = false;
        for (var i = 0; i < left.Length; i++)
        {
            var itemResult = ValueComparison.AreEqual(left[i], right[i]);
            if (itemResult == false)
            {
                return false;
            }

            unknown |= itemResult is null;
        }

        return unknown ? null : true;
    }

    private static bool Equivalent(ReadOnlySpan<FhirValue> left, ReadOnlySpan<FhirValue> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        // Equivalence ignores order: every left item must match a distinct right item.
        Span<bool> used = right.Length <= 64 ? stackalloc bool[right.Length] : new bool[right.Length];
        foreach (ref readonly var item in left)
        {
            var found = false;
            for (var j = 0; j < right.Length; j++)
            {
                if (!used[j] && ValueComparison.AreEquivalent(item, right[j]))
                {
                    used[j] = found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
