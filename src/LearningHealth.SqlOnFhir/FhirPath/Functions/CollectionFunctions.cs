using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>FHIRPath N1 "Combining" and "Utility" functions: union, combine, iif, trace.</summary>
internal static class CollectionFunctions
{
    public static void Union(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var all = context.Rent();
        var other = ExpressionNode.EvaluateArgument(arguments[0], context);
        try
        {
            all.AddRange(input);
            all.AddRange(other.Span);
            Nodes.Distinct.AppendDistinct(all.Span, output);
        }
        finally
        {
            context.Return(all);
            context.Return(other);
        }
    }

    public static void Combine(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var other = ExpressionNode.EvaluateArgument(arguments[0], context);
        try
        {
            output.AddRange(input);
            output.AddRange(other.Span);
        }
        finally
        {
            context.Return(other);
        }
    }

    /// <summary><c>trace(name)</c> only passes its input through; the engine has no trace log.</summary>
    public static void Trace(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.AddRange(input);

    /// <summary>
    /// <c>iif(criterion, true-result [, otherwise-result])</c>: the criterion and the chosen result are evaluated
    /// with the function's input as <c>$this</c>, so <c>x.iif(exists(), 'yes', 'no')</c> reads <c>x</c>.
    /// </summary>
    public static void Iif(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var focus = context.Rent();
        var criterion = context.Rent();
        var savedThis = context.This;
        try
        {
            focus.AddRange(input);
            context.This = focus;
            arguments[0].Evaluate(focus.Span, context, criterion);
            if (Singletons.ToBoolean(criterion.Span, "iif()") == true)
            {
                arguments[1].Evaluate(focus.Span, context, output);
            }
            else if (arguments.Length > 2)
            {
                arguments[2].Evaluate(focus.Span, context, output);
            }
        }
        finally
        {
            context.This = savedThis;
            context.Return(focus);
            context.Return(criterion);
        }
    }
}
