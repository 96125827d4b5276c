namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// A compiled FHIRPath expression or path step. FHIRPath is collection-in, collection-out, so every node
/// reads an input collection and appends its result to an output collection; nodes never allocate
/// collections of their own but rent them from the <see cref="EvaluationContext"/>.
/// </summary>
internal abstract class ExpressionNode
{
    /// <summary>Appends the result of applying this node to <paramref name="input"/> to <paramref name="output"/>.</summary>
    public abstract void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output);

    /// <summary>
    /// Evaluates an argument of a non-lambda function. FHIRPath N1 "Functions": such arguments are evaluated
    /// against the expression's context (<c>$this</c>), not against the function's input.
    /// </summary>
    public static ValueList EvaluateArgument(ExpressionNode argument, EvaluationContext context)
    {
        var result = context.Rent();
        argument.Evaluate(context.This.Span, context, result);
        return result;
    }
}
