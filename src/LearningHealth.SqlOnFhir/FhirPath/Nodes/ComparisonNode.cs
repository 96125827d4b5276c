namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary><c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> on single values (FHIRPath N1 "Comparison"); empty when either side is empty.</summary>
internal sealed class ComparisonNode(string op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var leftValues = context.Rent();
        var rightValues = context.Rent();
        try
        {
            left.Evaluate(input, context, leftValues);
            right.Evaluate(input, context, rightValues);
            if (!Singletons.TryGetSingle(leftValues.Span, $"'{op}'", out var a) || !Singletons.TryGetSingle(rightValues.Span, $"'{op}'", out var b))
            {
                return;
            }

            if (ValueComparison.Compare(a, b, op) is not { } order)
            {
                return;
            }

            var result = op switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                _ => order >= 0,
            };
            output.Add(FhirValue.FromBoolean(result));
        }
        finally
        {
            context.Return(leftValues);
            context.Return(rightValues);
        }
    }
}
