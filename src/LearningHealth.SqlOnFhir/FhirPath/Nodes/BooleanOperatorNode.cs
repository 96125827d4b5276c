namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// <c>and</c>, <c>or</c>, <c>xor</c>, <c>implies</c> with three-valued logic (FHIRPath N1 "Boolean logic").
/// The right operand is skipped when the left one already decides the answer.
/// </summary>
internal sealed class BooleanOperatorNode(string op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var a = Operand(left, input, context);
        bool? result;
        switch (op)
        {
            case "and":
                result = a == false ? false : And(a, Operand(right, input, context));
                break;
            case "or":
                result = a == true ? true : Or(a, Operand(right, input, context));
                break;
            case "implies":
                result = a == false ? true : Or(a is null ? null : !a, Operand(right, input, context));
                break;
            default:
                var b = Operand(right, input, context);
                result = a is null || b is null ? null : a != b;
                break;
        }

        if (result is { } value)
        {
            output.Add(FhirValue.FromBoolean(value));
        }
    }

    private static bool? And(bool? a, bool? b) => b == false ? false : (a == true && b == true ? true : null);

    private static bool? Or(bool? a, bool? b) => b == true ? true : (a == false && b == false ? false : null);

    private bool? Operand(ExpressionNode node, ReadOnlySpan<FhirValue> input, EvaluationContext context)
    {
        var values = context.Rent();
        try
        {
            node.Evaluate(input, context, values);
            return Singletons.ToBoolean(values.Span, $"'{op}'");
        }
        finally
        {
            context.Return(values);
        }
    }
}
