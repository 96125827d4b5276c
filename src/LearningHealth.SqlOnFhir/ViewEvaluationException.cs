namespace LearningHealth.SqlOnFhir;

/// <summary>
/// A valid view met data it cannot turn into rows, for example a column without <c>collection: true</c> whose path
/// returned several values (SQL on FHIR v2 "Processing Algorithm": "Multiple values found but not expected for
/// column"), or a <c>where</c> path that returned something other than a Boolean.
/// </summary>
public sealed class ViewEvaluationException : Exception
{
    /// <summary>Creates the exception for the element at <paramref name="elementPath"/> while reading <paramref name="resourceKey"/>.</summary>
    public ViewEvaluationException(string elementPath, string? resourceKey, string problem, Exception? innerException = null)
        : base($"{elementPath}{(resourceKey is null ? string.Empty : $" (resource '{resourceKey}')")}: {problem}", innerException)
    {
        ElementPath = elementPath;
        ResourceKey = resourceKey;
        Problem = problem;
    }

    /// <summary>The ViewDefinition element being evaluated, e.g. <c>ViewDefinition.select[0].column[2]</c>.</summary>
    public string ElementPath { get; }

    /// <summary>The <c>resourceType/id</c> of the resource being read, when it has an id.</summary>
    public string? ResourceKey { get; }

    /// <summary>What went wrong.</summary>
    public string Problem { get; }
}
