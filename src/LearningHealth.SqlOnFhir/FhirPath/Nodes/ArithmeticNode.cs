namespace LearningHealth.SqlOnFhir.FhirPath.Nodes;

/// <summary>
/// <c>+</c>, <c>-</c>, <c>*</c>, <c>/</c>, <c>div</c>, <c>mod</c> and <c>&amp;</c> (FHIRPath N1 "Math" and
/// "String concatenation"). Integer with Integer stays Integer except for <c>/</c>, which is always Decimal;
/// <c>+</c> on two strings concatenates; division by zero gives empty; <c>&amp;</c> reads empty as ''.
/// </summary>
internal sealed class ArithmeticNode(string op, ExpressionNode left, ExpressionNode right) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var leftValues = context.Rent();
        var rightValues = context.Rent();
        try
        {
            left.Evaluate(input, context, leftValues);
            right.Evaluate(input, context, rightValues);
            var hasLeft = Singletons.TryGetSingle(leftValues.Span, $"'{op}'", out var a);
            var hasRight = Singletons.TryGetSingle(rightValues.Span, $"'{op}'", out var b);

            if (op == "&")
            {
                output.Add(FhirValue.FromString(TextOf(hasLeft, a) + TextOf(hasRight, b)));
                return;
            }

            if (!hasLeft || !hasRight)
            {
                return;
            }

            if (Calculate(a, b) is { } result)
            {
                output.Add(result);
            }
        }
        finally
        {
            context.Return(leftValues);
            context.Return(rightValues);
        }
    }

    private string TextOf(bool present, in FhirValue value) =>
        !present ? string.Empty : value.AsString() ?? throw new FhirPathEvaluationException($"'{op}' expects strings but got {value.Describe()}.");

    private FhirValue? Calculate(in FhirValue a, in FhirValue b)
    {
        var leftKind = a.OperatorKind;
        var rightKind = b.OperatorKind;
        if (op == "+" && leftKind == FhirValueKind.String && rightKind == FhirValueKind.String)
        {
            return FhirValue.FromString(a.AsString() + b.AsString());
        }

        if (!ValueComparison.IsNumeric(leftKind) || !ValueComparison.IsNumeric(rightKind))
        {
            throw new FhirPathEvaluationException($"'{op}' is not supported between {a.Describe()} and {b.Describe()}.");
        }

        if (leftKind == FhirValueKind.Integer && rightKind == FhirValueKind.Integer && op != "/")
        {
            return IntegerResult(a.AsInteger(), b.AsInteger());
        }

        try
        {
            return DecimalResult(a.AsDecimal(), b.AsDecimal());
        }
        catch (OverflowException)
        {
            throw new FhirPathEvaluationException($"Decimal overflow in '{op}'.");
        }
    }

    private FhirValue? IntegerResult(long x, long y)
    {
        try
        {
            return op switch
            {
                "+" => FhirValue.FromInteger(checked(x + y)),
                "-" => FhirValue.FromInteger(checked(x - y)),
                "*" => FhirValue.FromInteger(checked(x * y)),
                "div" => y == 0 ? null : FhirValue.FromInteger(x / y),
                "mod" => y == 0 ? null : FhirValue.FromInteger(x % y),
                _ => throw new InvalidOperationException($"Unknown operator {op}."),
            };
        }
        catch (OverflowException)
        {
            throw new FhirPathEvaluationException($"Integer overflow in '{op}'.");
        }
    }

    private FhirValue? DecimalResult(decimal x, decimal y)
    {
        if (y == 0 && op is "/" or "div" or "mod")
        {
            return null;
        }

        return op switch
        {
            "+" => FhirValue.FromDecimal(x + y),
            "-" => FhirValue.FromDecimal(x - y),
            "*" => FhirValue.FromDecimal(x * y),
            "/" => FhirValue.FromDecimal(x / y),
            "div" => FhirValue.FromInteger((long)decimal.Truncate(x / y)),
            "mod" => FhirValue.FromDecimal(x % y),
            _ => throw new InvalidOperationException($"Unknown operator {op}."),
        };
    }
}

/// <summary>Unary <c>-</c> (FHIRPath N1 "Polarity"); unary <c>+</c> compiles to its operand.</summary>
internal sealed class NegateNode(ExpressionNode operand) : ExpressionNode
{
    public override void Evaluate(ReadOnlySpan<FhirValue> input, EvaluationContext context, ValueList output)
    {
        var values = context.Rent();
        try
        {
            operand.Evaluate(input, context, values);
            if (!Singletons.TryGetSingle(values.Span, "Unary '-'", out var value))
            {
                return;
            }

            output.Add(value.OperatorKind switch
            {
                FhirValueKind.Integer => FhirValue.FromInteger(-value.AsInteger()),
                FhirValueKind.Decimal => FhirValue.FromDecimal(-value.AsDecimal()),
                _ => throw new FhirPathEvaluationException($"Unary '-' expects a number but got {value.Describe()}."),
            });
        }
        finally
        {
            context.Return(values);
        }
    }
}
