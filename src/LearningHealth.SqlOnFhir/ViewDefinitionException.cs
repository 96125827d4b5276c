namespace LearningHealth.SqlOnFhir;

/// <summary>
/// The ViewDefinition is not valid: a required element is missing or has the wrong JSON type, a column name is
/// repeated or malformed, <c>unionAll</c> branches disagree, a constant is badly defined, or a FHIRPath expression
/// does not parse or uses something undefined. Raised by <see cref="ViewDefinition.Parse(string)"/>, before any
/// resource is read.
/// </summary>
public sealed class ViewDefinitionException : Exception
{
    /// <summary>Creates the exception for the element at <paramref name="elementPath"/>.</summary>
    public ViewDefinitionException(string elementPath, string problem, Exception? innerException = null)
        : base($"{elementPath}: {problem}", innerException)
    {
        ElementPath = elementPath;
        Problem = problem;
    }

    /// <summary>Where in the ViewDefinition the problem is, e.g. <c>ViewDefinition.select[0].column[1].path</c>.</summary>
    public string ElementPath { get; }

    /// <summary>What is wrong with that element.</summary>
    public string Problem { get; }
}
