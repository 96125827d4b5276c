namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// A chain of steps (<c>a.b.where(c).first()</c>): each step reads the previous step's output. Two rented
/// buffers are swapped between steps, so a path of any length uses two collections.
/// </summary>
internal sealed class PathNode : ExpressionNode
{
    private readonly ExpressionNode[] steps;

    // For each step: true when it and every later step are plain navigation, which maps empty to empty.
    private readonly bool[] onlyNavigationFrom;

    public PathNode(IReadOnlyList<ExpressionNode> steps)
    {
        this.steps = [.. steps];
        onlyNavigationFrom = new bool[this.steps.Length + 1];
        onlyNavigationFrom[^1] = true;
        for (var i = this.steps.Length - 1; i >= 0; i--)
        {
            onlyNavigationFrom[i] = this.steps[i] is MemberNode && onlyNavigationFrom[i + 1];
        }
    }

    public IReadOnlyList<ExpressionNode> Steps => steps;

    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var current = context.Rent();
        var next = context.Rent();
        try
        {
            steps[0].Evaluate(input, context, current);
            for (var i = 1; i < steps.Length - 1; i++)
            {
                // Navigation maps an empty collection to empty, so stop early unless a later step such as
                // exists(), empty() or count() makes something of nothing.
                if (current.Count == 0 && onlyNavigationFrom[i])
                {
                    return;
                }

                next.Clear();
                steps[i].Evaluate(current.Span, context, next);
                (current, next) = (next, current);
            }

            steps[^1].Evaluate(current.Span, context, output);
        }
        finally
        {
            context.Return(current);
            context.Return(next);
        }
    }
}
