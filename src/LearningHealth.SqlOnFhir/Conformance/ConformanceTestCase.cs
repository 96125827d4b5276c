using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Conformance;

/// <summary>
/// One test of a SQL on FHIR v2 conformance suite file (schema: <c>tests.schema.json</c>): a view, the resources of its
/// file, and exactly one expectation: rows (<c>expect</c>), a row count (<c>expectCount</c>) or an error
/// (<c>expectError</c>), optionally with the column names (<c>expectColumns</c>).
/// </summary>
public sealed class ConformanceTestCase
{
    internal ConformanceTestCase(
        string fileName,
        string title,
        IReadOnlyList<string> tags,
        JsonElement view,
        IReadOnlyList<JsonElement> resources,
        JsonElement? expectedRows,
        int? expectedCount,
        bool expectError,
        IReadOnlyList<string>? expectedColumns)
    {
        FileName = fileName;
        Title = title;
        Tags = tags;
        View = view;
        Resources = resources;
        ExpectedRows = expectedRows;
        ExpectedCount = expectedCount;
        ExpectError = expectError;
        ExpectedColumns = expectedColumns;
    }

    /// <summary>The suite file the test comes from, e.g. <c>basic.json</c>; the key of the test report.</summary>
    public string FileName { get; }

    /// <summary>The test's title; its name in the test report.</summary>
    public string Title { get; }

    /// <summary>The test's tags, e.g. <c>shareable</c> or <c>experimental</c>; tags on the file apply to each test.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>True when tagged <c>shareable</c>: behaviour every conformant runner must show.</summary>
    public bool IsShareable => Tags.Contains("shareable");

    /// <summary>True when tagged <c>experimental</c>: behaviour of draft features.</summary>
    public bool IsExperimental => Tags.Contains("experimental");

    /// <summary>The ViewDefinition under test.</summary>
    public JsonElement View { get; }

    /// <summary>The resources of the suite file.</summary>
    public IReadOnlyList<JsonElement> Resources { get; }

    /// <summary>The expected rows (a JSON array of objects), when the test gives them.</summary>
    public JsonElement? ExpectedRows { get; }

    /// <summary>The expected number of rows, when the test gives it.</summary>
    public int? ExpectedCount { get; }

    /// <summary>True when the view must be rejected or fail while running.</summary>
    public bool ExpectError { get; }

    /// <summary>The expected column names in order, when the test gives them.</summary>
    public IReadOnlyList<string>? ExpectedColumns { get; }

    /// <inheritdoc />
    public override string ToString() => $"{FileName}: {Title}";
}
