using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>FHIRPath N1 "Existence" functions that take no lambda, plus <c>not()</c> from "Boolean logic".</summary>
internal static class ExistenceFunctions
{
    public static void Empty(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(input.IsEmpty));

    public static void Exists(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(!input.IsEmpty));

    public static void Count(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromInteger(input.Length));

    public static void AllTrue(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(!ContainsBoolean(input, false, "allTrue()")));

    public static void AnyTrue(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(ContainsBoolean(input, true, "anyTrue()")));

    public static void AllFalse(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(!ContainsBoolean(input, true, "allFalse()")));

    public static void AnyFalse(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(ContainsBoolean(input, false, "anyFalse()")));

    public static void Distinct(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Nodes.Distinct.AppendDistinct(input, output);

    public static void IsDistinct(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var distinct = context.Rent();
        try
        {
            Nodes.Distinct.AppendDistinct(input, distinct);
            output.Add(FhirValue.FromBoolean(distinct.Count == input.Length));
        }
        finally
        {
            context.Return(distinct);
        }
    }

    /// <summary><c>hasValue()</c>: true for a single primitive value (FHIR R4 "FHIRPath" additional functions).</summary>
    public static void HasValue(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        output.Add(FhirValue.FromBoolean(input.Length == 1
            && (!input[0].IsJson || input[0].Element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))));

    /// <summary><c>not()</c>: negates a single Boolean; empty stays empty.</summary>
    public static void Not(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (Singletons.ToBoolean(input, "not()") is { } value)
        {
            output.Add(FhirValue.FromBoolean(!value));
        }
    }

    private static bool ContainsBoolean(ReadOnlySpan<FhirValue> input, bool wanted, string operation)
    {
        foreach (ref readonly var item in input)
        {
            if (!item.TryGetBoolean(out var value))
            {
                throw new FhirPathEvaluationException($"{operation} expects Booleans but got {item.Describe()}.");
            }

            if (value == wanted)
            {
                return true;
            }
        }

        return false;
    }
}
