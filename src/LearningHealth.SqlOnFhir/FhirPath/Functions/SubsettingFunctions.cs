using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>FHIRPath N1 "Subsetting": first, last, tail, skip, take, single.</summary>
internal static class SubsettingFunctions
{
    public static void First(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (!input.IsEmpty)
        {
            output.Add(input[0]);
        }
    }

    public static void Last(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (!input.IsEmpty)
        {
            output.Add(input[^1]);
        }
    }

    public static void Tail(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (input.Length > 1)
        {
            output.AddRange(input[1..]);
        }
    }

    public static void Single(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (Singletons.TryGetSingle(input, "single()", out var value))
        {
            output.Add(value);
        }
    }

    public static void Skip(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var count = CountArgument(arguments[0], context, "skip()");
        if (count < input.Length)
        {
            output.AddRange(input[(int)Math.Max(0, count)..]);
        }
    }

    public static void Take(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var count = CountArgument(arguments[0], context, "take()");
        if (count > 0)
        {
            output.AddRange(input[..(int)Math.Min(count, input.Length)]);
        }
    }

    private static long CountArgument(ExpressionNode argument, EvaluationContext context, string operation)
    {
        var values = ExpressionNode.EvaluateArgument(argument, context);
        try
        {
            return Singletons.ToInteger(values.Span, operation) ?? 0;
        }
        finally
        {
            context.Return(values);
        }
    }
}
