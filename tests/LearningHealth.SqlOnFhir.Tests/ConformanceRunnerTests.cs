using System.Text.Json;
using LearningHealth.SqlOnFhir.Conformance;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>The conformance runner behind <c>lhs view test &lt;suite-folder&gt; --report &lt;file&gt;</c>.</summary>
public sealed class ConformanceRunnerTests : IDisposable
{
    private readonly string workFolder = Directory.CreateTempSubdirectory("sof-runner-").FullName;

    public void Dispose() => Directory.Delete(workFolder, recursive: true);

    [Fact]
    public void The_report_of_the_official_suite_fits_the_official_report_schema()
    {
        var report = ConformanceRunner.RunSuite(ConformanceSuite.Folder);
        var reportPath = Path.Combine(workFolder, "test_report.json");

        report.WriteTo(reportPath);

        using var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "conformance", "test_report", "test-report.schema.json")));
        using var written = JsonDocument.Parse(File.ReadAllBytes(reportPath));
        Assert.Empty(JsonSchemaShape.Violations(schema.RootElement, written.RootElement));
        Assert.Equal(22, written.RootElement.EnumerateObject().Count());
        Assert.Equal(134, report.PassedCount + report.FailedCount);
    }

    [Fact]
    public void The_report_lists_each_file_and_test_with_whether_it_passed()
    {
        var report = ConformanceRunner.RunSuite(ConformanceSuite.Folder);
        using var stream = new MemoryStream();

        report.WriteTo(stream);

        using var written = JsonDocument.Parse(stream.ToArray());
        var firstTest = written.RootElement.GetProperty("basic.json").GetProperty("tests")[0];
        Assert.Equal("basic attribute", firstTest.GetProperty("name").GetString());
        Assert.True(firstTest.GetProperty("result").GetProperty("passed").GetBoolean());
        Assert.Equal(134, report.PassedCount);
    }

    [Fact]
    public void A_failing_test_is_reported_with_the_reason_and_still_fits_the_schema()
    {
        File.WriteAllText(Path.Combine(workFolder, "mine.json"), """
            {
              "title": "mine",
              "resources": [{ "resourceType": "Patient", "id": "p1" }],
              "tests": [
                { "title": "wrong rows", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expect": [{ "id": "p2" }] },
                { "title": "wrong count", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expectCount": 2 },
                { "title": "missing error", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expectError": true },
                { "title": "wrong columns", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expectColumns": ["key"], "expect": [{ "id": "p1" }] },
                { "title": "right rows", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expect": [{ "id": "p1" }] }
              ]
            }
            """);

        var report = ConformanceRunner.RunSuite(workFolder);

        var results = Assert.Single(report.Files).Results;
        Assert.Equal([false, false, false, false, true], results.Select(r => r.Passed));
        Assert.Contains("Expected row", results[0].Error, StringComparison.Ordinal);
        Assert.Contains("Expected 2 row(s) but got 1", results[1].Error, StringComparison.Ordinal);
        Assert.Contains("Expected an error", results[2].Error, StringComparison.Ordinal);
        Assert.Contains("Expected columns [key]", results[3].Error, StringComparison.Ordinal);

        var reportPath = Path.Combine(workFolder, "report.out");
        report.WriteTo(reportPath);
        using var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "conformance", "test_report", "test-report.schema.json")));
        using var written = JsonDocument.Parse(File.ReadAllBytes(reportPath));
        Assert.Empty(JsonSchemaShape.Violations(schema.RootElement, written.RootElement));
        Assert.Equal(
            results[0].Error,
            written.RootElement.GetProperty("mine.json").GetProperty("tests")[0].GetProperty("result").GetProperty("error").GetString());
    }

    [Fact]
    public void Rows_are_compared_regardless_of_order_but_with_their_multiplicity()
    {
        File.WriteAllText(Path.Combine(workFolder, "order.json"), """
            {
              "title": "order",
              "resources": [{ "resourceType": "Patient", "id": "a" }, { "resourceType": "Patient", "id": "b" }],
              "tests": [
                { "title": "reversed", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expect": [{ "id": "b" }, { "id": "a" }] },
                { "title": "duplicated", "view": { "resource": "Patient", "select": [{ "column": [{ "name": "id", "path": "id" }] }] }, "expect": [{ "id": "a" }, { "id": "a" }] }
              ]
            }
            """);

        var results = Assert.Single(ConformanceRunner.RunSuite(workFolder).Files).Results;

        Assert.True(results[0].Passed, results[0].Error);
        Assert.False(results[1].Passed);
    }

    [Fact]
    public void The_schema_shape_check_reports_a_report_missing_required_fields()
    {
        using var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "conformance", "test_report", "test-report.schema.json")));
        using var broken = JsonDocument.Parse("""{ "basic.json": { "tests": [ { "name": "x", "result": { } } ], "extra": 1 } }""");

        var violations = JsonSchemaShape.Violations(schema.RootElement, broken.RootElement);

        Assert.Contains(violations, v => v.Contains("'passed' is missing", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("extra: property is not allowed", StringComparison.Ordinal));
    }
}
