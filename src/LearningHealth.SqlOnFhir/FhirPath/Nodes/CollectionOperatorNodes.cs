namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary><c>a | b</c> (FHIRPath N1 "Collections"): both collections merged with duplicates removed.</summary>
internal sealed class UnionNode(ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var all = context.Rent();
        try
        {
            left.Evaluate(input, context, all);
            right.Evaluate(input, context, all);
            Distinct.AppendDistinct(all.Span, output);
        }
        finally
        {
            context.Return(all);
        }
    }
}

/// <summary><c>item in collection</c> and <c>collection contains item</c> (FHIRPath N1 "Membership").</summary>
internal sealed class MembershipNode(string op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var leftValues = context.Rent();
        var rightValues = context.Rent();
        try
        {
            left.Evaluate(input, context, leftValues);
            right.Evaluate(input, context, rightValues);
            var (items, collection) = op == "in" ? (leftValues, rightValues) : (rightValues, leftValues);
            if (!Singletons.TryGetSingle(items.Span, $"'{op}'", out var item))
            {
                return;
            }

            var found = false;
            foreach (ref readonly var candidate in collection.Span)
            {
                if (ValueComparison.AreEqual(item, candidate) == true)
                {
                    found = true;
                    break;
                }
            }

            output.Add(FhirValue.FromBoolean(found));
        }
        finally
        {
            context.Return(leftValues);
            context.Return(rightValues);
        }
    }
}

/// <summary>Duplicate removal shared by <c>|</c>, <c>union()</c> and <c>distinct()</c>.</summary>
internal static class Distinct
{
    public static void AppendDistinct(ReadOnlySpan<FhirValue> values, ValueList output)
    {
        var start = output.Count;
        foreach (ref readonly var value in values)
        {
            var seen = false;
            for (var i = start; i < output.Count; i++)
            {
                if (ValueComparison.AreEqual(value, output[i]) == true)
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                output.Add(value);
            }
        }
    }
}
