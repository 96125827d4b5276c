using LearningHealth.SqlOnFhir.FhirPath.Nodes;

namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>A FHIRPath expression compiled once for a view, evaluated many times against different foci.</summary>
internal sealed class CompiledExpression(string text, ExpressionNode root)
{
    /// <summary>The expression as written in the ViewDefinition, for error messages.</summary>
    public string Text { get; } = text;

    /// <summary>Evaluates with <paramref name="focus"/> as <c>$this</c>, appending the result to <paramref name="output"/>.</summary>
    public void Evaluate(in FhirValue focus, EvaluationContext context, ValueList output)
    {
        var focusList = context.Rent();
        var savedThis = context.This;
        try
        {
            focusList.Add(focus);
            context.This = focusList;
            root.Evaluate(focusList.Span, context, output);
        }
        finally
        {
            context.This = savedThis;
            context.Return(focusList);
        }
    }

    public override string ToString() => Text;
}
