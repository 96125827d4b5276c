namespace LearningHealth.SqlOnFhir.FhirPath;

/// <summary>
/// A FHIRPath expression could not be read or compiled: bad syntax, an unknown function,
/// a wrong number of arguments or an undefined constant. The view reader turns it into a
/// <see cref="ViewDefinitionException"/> that names the ViewDefinition element holding the expression.
/// </summary>
internal sealed class FhirPathSyntaxException : Exception
{
    public FhirPathSyntaxException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>Zero-based character offset in the expression where the problem was found.</summary>
    public int Position { get; }
}
