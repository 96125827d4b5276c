using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>The body of a FHIRPath function: reads the input collection and its argument nodes, appends the result.</summary>
internal delegate void FunctionBody(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output);

/// <summary>A function whose behaviour is a static <see cref="FunctionBody"/>; functions with compile-time state have their own node.</summary>
internal sealed class FunctionNode(string name, FunctionBody body, ExpressionNode[] arguments) : ExpressionNode
{
    public string Name { get; } = name;

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) =>
        body(input, arguments, context, output);
}
