using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Conformance;

/// <summary>
/// Results of a conformance run, grouped by suite file, writable in the official test report format
/// (<c>test_report/test-report.schema.json</c>): <c>{"file.json": {"tests": [{"name": ..., "result": {"passed": ..., "error": ...}}]}}</c>.
/// </summary>
public sealed class ConformanceReport
{
    internal ConformanceReport(IReadOnlyList<(string FileName, IReadOnlyList<ConformanceTestResult> Results)> files)
    {
        Files = files;
    }

    /// <summary>Each suite file with its results, in file name order.</summary>
    public IReadOnlyList<(string FileName, IReadOnlyList<ConformanceTestResult> Results)> Files { get; }

    /// <summary>How many tests passed.</summary>
    public int PassedCount => Files.Sum(file => file.Results.Count(result => result.Passed));

    /// <summary>How many tests failed.</summary>
    public int FailedCount => Files.Sum(file => file.Results.Count(result => !result.Passed));

    /// <summary>Writes the report as test-report JSON.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        foreach (var (fileName, results) in Files)
        {
            writer.WriteStartObject(fileName);
            writer.WriteStartArray("tests");
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("name", result.Name);
                writer.WriteStartObject("result");
                writer.WriteBoolean("passed", result.Passed);
                if (!result.Passed && result.Error is not null)
                {
                    writer.WriteString("error", result.Error);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the report to a file, creating or replacing it.</summary>
    public void WriteTo(string path)
    {
        using var file = File.Create(path);
        WriteTo(file);
    }
}
