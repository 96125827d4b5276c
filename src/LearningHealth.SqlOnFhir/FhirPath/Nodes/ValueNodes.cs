namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>A literal, or a ViewDefinition constant substituted at compile time (SQL on FHIR v2 "Using Constants").</summary>
internal sealed class LiteralNode(FhirValue value) : ExpressionNode
{
    public FhirValue Value { get; } = value;

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) => output.Add(Value);
}

/// <summary>The empty collection literal <c>{}</c>.</summary>
internal sealed class EmptyNode : ExpressionNode
{
    public static readonly EmptyNode Instance = new();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
    }
}

/// <summary><c>$this</c>: the item currently being iterated by a lambda, or the expression's focus.</summary>
internal sealed class ThisNode : ExpressionNode
{
    public static readonly ThisNode Instance = new();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) =>
        output.AddRange(context.This.Span);
}

/// <summary><c>$index</c>: the position of the item being iterated by a lambda.</summary>
internal sealed class IndexVariableNode : ExpressionNode
{
    public static readonly IndexVariableNode Instance = new();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromInteger(context.Index));
}

/// <summary><c>%resource</c> and <c>%rootResource</c>: the resource the view is applied to.</summary>
internal sealed class ResourceNode : ExpressionNode
{
    public static readonly ResourceNode Instance = new();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromJson(context.Resource));
}

/// <summary><c>%context</c>: the node the expression was evaluated on (FHIRPath N1 "Environment variables").</summary>
internal sealed class ContextNode : ExpressionNode
{
    public static readonly ContextNode Instance = new();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) =>
        output.AddRange(context.Focus.Span);
}

/// <summary>
/// <c>%rowIndex</c> (SQL on FHIR v2): the 0-based position of the current element within the innermost
/// <c>forEach</c>, <c>forEachOrNull</c> or <c>repeat</c>; 0 at the resource level and for the null row.
/// </summary>
internal sealed class RowIndexNode : ExpressionNode
{
    public static readonly RowIndexNode Instance = new();

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromInteger(context.RowIndex));
}
