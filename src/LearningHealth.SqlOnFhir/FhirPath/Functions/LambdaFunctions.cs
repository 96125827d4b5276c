using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>
/// Runs a lambda argument once per input item with <c>$this</c> and <c>$index</c> bound to that item
/// (FHIRPath N1 "Functions": where, select, exists, all and repeat evaluate their argument per item).
/// </summary>
internal ref struct LambdaScope
{
    private readonly EvaluationContext context;
    private readonly ValueList savedThis;
    private readonly int savedIndex;
    private readonly ValueList item;
    private readonly ValueList result;

    public LambdaScope(EvaluationContext context)
    {
        this.context = context;
        savedThis = context.This;
        savedIndex = context.Index;
        item = context.Rent();
        result = context.Rent();
    }

    /// <summary>Evaluates <paramref name="lambda"/> for one item; the returned list is valid until the next call.</summary>
    public readonly ValueList Run(ExpressionNode lambda, in FhirValue value, int index)
    {
        item.Clear();
        item.Add(value);
        result.Clear();
        context.This = item;
        context.Index = index;
        lambda.Evaluate(item.Span, context, result);
        return result;
    }

    public readonly void Dispose()
    {
        context.This = savedThis;
        context.Index = savedIndex;
        context.Return(item);
        context.Return(result);
    }
}

/// <summary><c>where(criteria)</c>: the items for which the criteria is true.</summary>
internal sealed class WhereNode(ExpressionNode criteria) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        if (input.IsEmpty)
        {
            return;
        }

        using var scope = new LambdaScope(context);
        for (var i = 0; i < input.Length; i++)
        {
            if (Singletons.ToBoolean(scope.Run(criteria, input[i], i).Span, "where()") == true)
            {
                output.Add(input[i]);
            }
        }
    }
}

/// <summary><c>select(projection)</c>: the projection of every item, flattened.</summary>
internal sealed class SelectNode(ExpressionNode projection) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        if (input.IsEmpty)
        {
            return;
        }

        using var scope = new LambdaScope(context);
        for (var i = 0; i < input.Length; i++)
        {
            output.AddRange(scope.Run(projection, input[i], i).Span);
        }
    }
}

/// <summary><c>exists(criteria)</c> and <c>all(criteria)</c> (FHIRPath N1 "Existence").</summary>
internal sealed class QuantifierNode(bool universal, ExpressionNode criteria) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        // exists() looks for one true item; all() looks for one item that is not true.
        var decided = false;
        if (!input.IsEmpty)
        {
            using var scope = new LambdaScope(context);
            for (var i = 0; i < input.Length && !decided; i++)
            {
                var isTrue = Singletons.ToBoolean(scope.Run(criteria, input[i], i).Span, universal ? "all()" : "exists()") == true;
                decided = universal ? !isTrue : isTrue;
            }
        }

        output.Add(FhirValue.FromBoolean(universal ? !decided : decided));
    }
}

/// <summary>
/// <c>repeat(projection)</c>: applies the projection to the input, then to its results, and so on until nothing new
/// appears, returning every item found (FHIRPath N1 "Filtering and projection").
/// </summary>
internal sealed class RepeatFunctionNode(ExpressionNode projection) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var pending = context.Rent();
        var origin = output.Count;
        try
        {
            pending.AddRange(input);
            using var scope = new LambdaScope(context);
            for (var next = 0; next < pending.Count; next++)
            {
                var children = scope.Run(projection, pending[next], next);
                foreach (ref readonly var child in children.Span)
                {
                    if (!AlreadyFound(child, output, origin))
                    {
                        output.Add(child);
                        pending.Add(child);
                    }
                }
            }
        }
        finally
        {
            context.Return(pending);
        }
    }

    private static bool AlreadyFound(in FhirValue candidate, ValueList output, int origin)
    {
        for (var i = origin; i < output.Count; i++)
        {
            if (ValueComparison.AreEqual(candidate, output[i]) == true)
            {
                return true;
            }
        }

        return false;
    }
}
