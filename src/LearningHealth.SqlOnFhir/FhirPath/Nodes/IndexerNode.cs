namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary><c>collection[index]</c> (FHIRPath N1 "Indexer"): the item at a 0-based position, or empty when out of range.</summary>
internal sealed class IndexerNode(ExpressionNode index) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var indexValue = EvaluateArgument(index, context);
        try
        {
            var position = Singletons.ToInteger(indexValue.Span, "The indexer");
            if (position is { } i && i >= 0 && i < input.Length)
            {
                output.Add(input[(int)i]);
            }
        }
        finally
        {
            context.Return(indexValue);
        }
    }
}
