namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// A chain of steps (<c>a.b.where(c).first()</c>): each step reads the previous step's output. Two rented
/// buffers are swapped between steps, so a path of any length uses two collections.
/// </summary>
internal sealed class PathNode : ExpressionNode
{
    private readonly ExpressionNode[] steps;

    public PathNode(IReadOnlyList<ExpressionNode> steps)
    {
        this.steps = [.. steps];
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
                if (current.Count == 0)
                {
                    // Every step of a path maps an empty collection to empty; only functions such as exists(),
                    // empty() or count() make something of nothing, and they are handled below.
                    if (!StepsAfterMayProduceFromEmpty(i))
                    {
                        return;
                    }
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

    private bool StepsAfterMayProduceFromEmpty(int from)
    {
        for (var i = from; i < steps.Length; i++)
        {
            if (steps[i] is not MemberNode)
            {
                return true;
            }
        }

        return false;
    }
}
