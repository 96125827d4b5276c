using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>A FHIRPath expression compiled once for a view, evaluated many times against different foci.</summary>
internal sealed class CompiledExpression(string text, ExpressionNode root, bool usesRowIndex, FhirPathSyntax syntax)
{
    /// <summary>The parsed expression, for analyses of its shape (<see cref="Views.StreamingPlan"/>).</summary>
    public FhirPathSyntax Syntax { get; } = syntax;

    /// <summary>The expression as written in the ViewDefinition, for error messages.</summary>
    public string Text { get; } = text;

    /// <summary>True when the expression reads <c>%rowIndex</c>, which has a value even in a forEachOrNull null row.</summary>
    public bool UsesRowIndex { get; } = usesRowIndex;

    /// <summary>Evaluates with <paramref name="focus"/> as <c>$this</c>, appending the result to <paramref name="output"/>.</summary>
    public void Evaluate(in FhirValue focus, EvaluationContext context, ValueList output)
    {
        var focusList = context.Rent();
        var savedThis = context.This;
        var savedFocus = context.Focus;
        try
        {
            focusList.Add(focus);
            context.This = focusList;
            context.Focus = focusList;
            root.Evaluate(focusList.Span, context, output);
        }
        finally
        {
            context.This = savedThis;
            context.Focus = savedFocus;
            context.Return(focusList);
        }
    }

    /// <summary>Evaluates with an empty focus: paths give nothing, while <c>%rowIndex</c>, constants and literals still have values.</summary>
    public void EvaluateWithoutFocus(EvaluationContext context, ValueList output)
    {
        var empty = context.Rent();
        var savedThis = context.This;
        var savedFocus = context.Focus;
        try
        {
            context.This = empty;
            context.Focus = empty;
            root.Evaluate(empty.Span, context, output);
        }
        finally
        {
            context.This = savedThis;
            context.Focus = savedFocus;
            context.Return(empty);
        }
    }

    public override string ToString() => Text;
}
