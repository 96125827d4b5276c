using System.Text;
using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Conformance;

/// <summary>
/// Runs SQL on FHIR v2 conformance suites (the <c>tests/*.json</c> files of the specification repository) against this
/// engine and reports the results in the official test report format. A test expecting an error passes when the view
/// is rejected by <see cref="ViewDefinition.Parse(JsonElement)"/> or fails while evaluating; other tests compare the
/// rows produced over all the file's resources with the expected ones, ignoring row order, as the reference runner does.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Reads every <c>*.json</c> test file of a suite folder, in file name order.</summary>
    public static IReadOnlyList<ConformanceTestCase> LoadSuite(string suiteFolder)
    {
        var cases = new List<ConformanceTestCase>();
        foreach (var file in Directory.GetFiles(suiteFolder, "*.json").Order(StringComparer.Ordinal))
        {
            cases.AddRange(LoadFile(file));
        }

        return cases;
    }

    /// <summary>Reads the tests of one suite file.</summary>
    public static IReadOnlyList<ConformanceTestCase> LoadFile(string path)
    {
        var fileName = Path.GetFileName(path);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var fileTags = ReadTags(root);
        var resources = root.TryGetProperty("resources", out var resourceArray) && resourceArray.ValueKind == JsonValueKind.Array
            ? resourceArray.EnumerateArray().Select(resource => resource.Clone()).ToList()
            : [];

        var cases = new List<ConformanceTestCase>();
        foreach (var test in root.GetProperty("tests").EnumerateArray())
        {
            var tags = fileTags.Concat(ReadTags(test)).Distinct(StringComparer.Ordinal).ToList();
            cases.Add(new ConformanceTestCase(
                fileName,
                test.GetProperty("title").GetString() ?? string.Empty,
                tags,
                test.GetProperty("view").Clone(),
                resources,
                test.TryGetProperty("expect", out var expect) ? expect.Clone() : null,
                test.TryGetProperty("expectCount", out var count) ? count.GetInt32() : null,
                test.TryGetProperty("expectError", out var error) && error.ValueKind == JsonValueKind.True,
                test.TryGetProperty("expectColumns", out var columns) ? columns.EnumerateArray().Select(c => c.GetString()!).ToList() : null));
        }

        return cases;
    }

    /// <summary>Runs every test of a suite folder.</summary>
    public static ConformanceReport RunSuite(string suiteFolder)
    {
        var files = LoadSuite(suiteFolder)
            .GroupBy(testCase => testCase.FileName)
            .Select(file => (file.Key, (IReadOnlyList<ConformanceTestResult>)file.Select(Run).ToList()))
            .ToList();
        return new ConformanceReport(files);
    }

    /// <summary>Runs one test.</summary>
    public static ConformanceTestResult Run(ConformanceTestCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        CompiledView view;
        List<object?[]> rows;
        try
        {
            view = ViewDefinition.Parse(testCase.View);
            rows = [.. view.Evaluate(testCase.Resources)];
            if (view.ReadsJsonDirectly && DirectRead(view, testCase.Resources) is var direct && !SameRows(rows, direct))
            {
                return new ConformanceTestResult(testCase.Title, false,
                    $"Reading the JSON text directly gave {direct.Count} row(s) that differ from the {rows.Count} of the evaluator.");
            }
        }
        catch (Exception error) when (error is ViewDefinitionException or ViewEvaluationException)
        {
            return testCase.ExpectError
                ? new ConformanceTestResult(testCase.Title, true, null)
                : new ConformanceTestResult(testCase.Title, false, error.Message);
        }
        catch (Exception error)
        {
            // A defect in the engine fails this one test in the report rather than ending the run. Only the engine's own
            // exceptions count as rejecting a view; anything else is a defect, even where an error is expected.
            return new ConformanceTestResult(testCase.Title, false, $"Unexpected {error.GetType().Name}: {error.Message}");
        }

        if (testCase.ExpectError)
        {
            return new ConformanceTestResult(testCase.Title, false, $"Expected an error, but the view ran and produced {rows.Count} row(s).");
        }

        var failure = RowComparison.Explain(testCase, view.Columns, rows);
        return new ConformanceTestResult(testCase.Title, failure is null, failure);
    }

    /// <summary>The rows of the view read from each resource's JSON text, as <c>lhs view run</c> reads NDJSON lines.</summary>
    private static List<object?[]> DirectRead(CompiledView view, IReadOnlyList<JsonElement> resources)
    {
        var evaluator = view.CreateEvaluator();
        var sink = new RowList();
        foreach (var resource in resources)
        {
            evaluator.Evaluate(Encoding.UTF8.GetBytes(resource.GetRawText()), sink);
        }

        return sink.Rows;
    }

    private static bool SameRows(List<object?[]> a, List<object?[]> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.SequenceEqual(pair.Second));

    private sealed class RowList : IRowSink
    {
        public List<object?[]> Rows { get; } = [];

        public void OnRow(ReadOnlySpan<object?> row) => Rows.Add(row.ToArray());
    }

    private static List<string> ReadTags(JsonElement element) =>
        element.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Where(tag => tag.ValueKind == JsonValueKind.String).Select(tag => tag.GetString()!).ToList()
            : [];
}
