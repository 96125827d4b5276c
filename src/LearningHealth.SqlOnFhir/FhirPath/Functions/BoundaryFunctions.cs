using System.Text.Json;
using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>
/// <c>lowBoundary([precision])</c> and <c>highBoundary([precision])</c> (FHIRPath 3.0 draft, required by SQL on FHIR v2
/// "Required Core FHIRPath Expressions/Functions", including on Period): the least and greatest values a number or
/// partial date could stand for given the precision it was written with.
/// </summary>
internal static class BoundaryFunctions
{
    private static readonly byte[] StartProperty = "start"u8.ToArray();
    private static readonly byte[] EndProperty = "end"u8.ToArray();

    public static void Low(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Boundary(input, arguments, context, output, high: false);

    public static void High(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Boundary(input, arguments, context, output, high: true);

    private static void Boundary(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output, bool high)
    {
        var operation = high ? "highBoundary()" : "lowBoundary()";
        if (!Singletons.TryGetSingle(input, operation, out var value))
        {
            return;
        }

        long? precision = null;
        if (arguments.Length > 0)
        {
            var argument = ExpressionNode.EvaluateArgument(arguments[0], context);
            try
            {
                precision = Singletons.ToInteger(argument.Span, operation);
            }
            finally
            {
                context.Return(argument);
            }
        }

        switch (value.OperatorKind)
        {
            case FhirValueKind.Integer:
            case FhirValueKind.Decimal:
                if (DecimalBoundary(value.AsDecimal(), precision, high) is { } number)
                {
                    output.Add(FhirValue.FromDecimal(number));
                }

                break;
            case FhirValueKind.Date:
            case FhirValueKind.DateTime:
            case FhirValueKind.Time:
                if (value.AsDateTime(value.OperatorKind) is { } date)
                {
                    output.Add(FhirValue.FromDateTime(date.Boundary(high)));
                }

                break;
            case FhirValueKind.String:
                // A string of unknown FHIR type (e.g. Patient.birthDate read without a model): use the form it is written in.
                var text = value.AsString()!;
                var parsed = FhirDateTime.TryParse(text, FhirDateTimeKind.Date)
                    ?? FhirDateTime.TryParse(text, FhirDateTimeKind.DateTime)
                    ?? FhirDateTime.TryParse(text, FhirDateTimeKind.Time);
                if (parsed is not null)
                {
                    output.Add(FhirValue.FromDateTime(parsed.Boundary(high)));
                }

                break;
            case FhirValueKind.Json when value.Element.ValueKind == JsonValueKind.Object:
                // Period: the low boundary of its start, the high boundary of its end.
                if (value.Element.TryGetProperty(high ? EndProperty : StartProperty, out var edge) && edge.ValueKind == JsonValueKind.String
                    && FhirDateTime.TryParse(edge.GetString()!, FhirDateTimeKind.DateTime) is { } edgeDate)
                {
                    output.Add(FhirValue.FromDateTime(edgeDate.Boundary(high)));
                }

                break;
        }
    }

    /// <summary>
    /// A decimal written with <c>s</c> decimal places stands for anything within half a unit of its last place:
    /// 1.0 covers [0.95, 1.05]. The result keeps one more place unless a precision is asked for, in which case the
    /// low boundary is rounded down and the high boundary up to that many places.
    /// </summary>
    private static decimal? DecimalBoundary(decimal value, long? precision, bool high)
    {
        if (precision is < 0 or > 28)
        {
            return null;
        }

        var halfUnit = 0.5m / Pow10(value.Scale);
        var boundary = high ? value + halfUnit : value - halfUnit;
        if (precision is not { } places)
        {
            return boundary;
        }

        var factor = Pow10((int)places);
        var scaled = boundary * factor;
        var rounded = (high ? decimal.Ceiling(scaled) : decimal.Floor(scaled)) / factor;
        return decimal.Round(rounded, (int)places);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
