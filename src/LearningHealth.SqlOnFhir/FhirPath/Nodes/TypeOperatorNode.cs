namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary><c>x is T</c> and <c>x as T</c> (FHIRPath N1 "Types"): a single-item test or cast.</summary>
internal sealed class TypeOperatorNode(string op, ExpressionNode operand, TypeSpecifier type) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var values = context.Rent();
        try
        {
            operand.Evaluate(input, context, values);
            if (!Singletons.TryGetSingle(values.Span, $"'{op} {type.Text}'", out var value))
            {
                return;
            }

            var matches = type.Matches(value);
            if (op == "is")
            {
                output.Add(FhirValue.FromBoolean(matches));
            }
            else if (matches)
            {
                output.Add(value);
            }
        }
        finally
        {
            context.Return(values);
        }
    }
}
