using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath.Functions;

/// <summary>FHIRPath N1 "String Manipulation" functions and <c>join()</c> (FHIRPath 3.0 draft, required by SQL on FHIR v2).</summary>
internal static class StringFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// <c>join([separator])</c>: the string items joined with the separator ('' when omitted). The SQL on FHIR
    /// conformance suite expects an empty input to give the empty string, so a row shows '' rather than null.
    /// </summary>
    public static void Join(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var separator = arguments.Length == 0 ? string.Empty : TextArgument(arguments[0], context, "join()") ?? string.Empty;
        var builder = new StringBuilder();
        for (var i = 0; i < input.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            builder.Append(TextOf(input[i], "join()"));
        }

        output.Add(FhirValue.FromString(builder.ToString()));
    }

    public static void StartsWith(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Test(input, arguments, context, output, "startsWith()", static (s, a) => s.StartsWith(a, StringComparison.Ordinal));

    public static void EndsWith(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Test(input, arguments, context, output, "endsWith()", static (s, a) => s.EndsWith(a, StringComparison.Ordinal));

    public static void Contains(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Test(input, arguments, context, output, "contains()", static (s, a) => s.Contains(a, StringComparison.Ordinal));

    public static void Matches(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Test(input, arguments, context, output, "matches()", static (s, a) => IsMatch(s, a));

    private static bool IsMatch(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.Singleline, RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new FhirPathEvaluationException($"matches() gave up on the regular expression '{pattern}' after {RegexTimeout.TotalSeconds:0} s.");
        }
        catch (ArgumentException error)
        {
            throw new FhirPathEvaluationException($"matches() was given an invalid regular expression '{pattern}': {error.Message}");
        }
    }

    public static void Lower(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Map(input, output, "lower()", static s => s.ToLowerInvariant());

    public static void Upper(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Map(input, output, "upper()", static s => s.ToUpperInvariant());

    public static void Trim(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output) =>
        Map(input, output, "trim()", static s => s.Trim());

    public static void Length(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (SingleText(input, "length()") is { } text)
        {
            output.Add(FhirValue.FromInteger(text.Length));
        }
    }

    public static void IndexOf(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var text = SingleText(input, "indexOf()");
        var part = TextArgument(arguments[0], context, "indexOf()");
        if (text is not null && part is not null)
        {
            output.Add(FhirValue.FromInteger(text.IndexOf(part, StringComparison.Ordinal)));
        }
    }

    public static void Substring(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var text = SingleText(input, "substring()");
        var start = IntegerArgument(arguments[0], context, "substring()");
        if (text is null || start is not { } from || from < 0 || from >= text.Length)
        {
            return;
        }

        var length = arguments.Length > 1 ? IntegerArgument(arguments[1], context, "substring()") : null;
        var available = text.Length - (int)from;
        output.Add(FhirValue.FromString(text.Substring((int)from, length is { } l ? (int)Math.Clamp(l, 0, available) : available)));
    }

    public static void Replace(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        var text = SingleText(input, "replace()");
        var pattern = TextArgument(arguments[0], context, "replace()");
        var substitution = TextArgument(arguments[1], context, "replace()");
        if (text is not null && pattern is not null && substitution is not null)
        {
            output.Add(FhirValue.FromString(pattern.Length == 0 ? text : text.Replace(pattern, substitution, StringComparison.Ordinal)));
        }
    }

    /// <summary><c>toString()</c>: the single item as text (FHIRPath N1 "Conversion").</summary>
    public static void ToText(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (!Singletons.TryGetSingle(input, "toString()", out var value))
        {
            return;
        }

        var text = value.OperatorKind switch
        {
            FhirValueKind.Boolean => value.TryGetBoolean(out var b) && b ? "true" : "false",
            FhirValueKind.Integer => value.AsInteger().ToString(CultureInfo.InvariantCulture),
            FhirValueKind.Decimal => value.AsDecimal().ToString(CultureInfo.InvariantCulture),
            FhirValueKind.Json => null,
            _ => value.AsString(),
        };
        if (text is not null)
        {
            output.Add(FhirValue.FromString(text));
        }
    }

    /// <summary><c>toInteger()</c>: integers, integer strings and booleans convert; anything else gives empty.</summary>
    public static void ToInteger(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (!Singletons.TryGetSingle(input, "toInteger()", out var value))
        {
            return;
        }

        switch (value.OperatorKind)
        {
            case FhirValueKind.Integer:
                output.Add(FhirValue.FromInteger(value.AsInteger()));
                break;
            case FhirValueKind.Boolean:
                value.TryGetBoolean(out var b);
                output.Add(FhirValue.FromInteger(b ? 1 : 0));
                break;
            case FhirValueKind.String when long.TryParse(value.AsString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                output.Add(FhirValue.FromInteger(parsed));
                break;
        }
    }

    /// <summary><c>toDecimal()</c>: numbers, numeric strings and booleans convert; anything else gives empty.</summary>
    public static void ToDecimal(ReadOnlySpan<FhirValue> input, ExpressionNode[] arguments, EvaluationContext context, ValueList output)
    {
        if (!Singletons.TryGetSingle(input, "toDecimal()", out var value))
        {
            return;
        }

        switch (value.OperatorKind)
        {
            case FhirValueKind.Integer:
            case FhirValueKind.Decimal:
                output.Add(FhirValue.FromDecimal(value.AsDecimal()));
                break;
            case FhirValueKind.Boolean:
                value.TryGetBoolean(out var b);
                output.Add(FhirValue.FromDecimal(b ? 1m : 0m));
                break;
            case FhirValueKind.String when decimal.TryParse(value.AsString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed):
                output.Add(FhirValue.FromDecimal(parsed));
                break;
        }
    }

    private static void Test(
        ReadOnlySpan<FhirValue> input,
        ExpressionNode[] arguments,
        EvaluationContext context,
        ValueList output,
        string operation,
        Func<string, string, bool> test)
    {
        var text = SingleText(input, operation);
        var argument = TextArgument(arguments[0], context, operation);
        if (text is not null && argument is not null)
        {
            output.Add(FhirValue.FromBoolean(test(text, argument)));
        }
    }

    private static void Map(ReadOnlySpan<FhirValue> input, ValueList output, string operation, Func<string, string> map)
    {
        if (SingleText(input, operation) is { } text)
        {
            output.Add(FhirValue.FromString(map(text)));
        }
    }

    private static string? SingleText(ReadOnlySpan<FhirValue> input, string operation) =>
        Singletons.TryGetSingle(input, operation, out var value) ? TextOf(value, operation) : null;

    private static string TextOf(in FhirValue value, string operation) =>
        value.AsString() ?? throw new FhirPathEvaluationException($"{operation} expects strings but got {value.Describe()}.");

    private static string? TextArgument(ExpressionNode argument, EvaluationContext context, string operation)
    {
        var values = ExpressionNode.EvaluateArgument(argument, context);
        try
        {
            return Singletons.ToText(values.Span, operation);
        }
        finally
        {
            context.Return(values);
        }
    }

    private static long? IntegerArgument(ExpressionNode argument, EvaluationContext context, string operation)
    {
        var values = ExpressionNode.EvaluateArgument(argument, context);
        try
        {
            return Singletons.ToInteger(values.Span, operation);
        }
        finally
        {
            context.Return(values);
        }
    }
}
