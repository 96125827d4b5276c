namespace LearningHealth.SqlOnFhir.Conformance;

/// <summary>The outcome of one conformance test, as reported in <c>test_report.json</c>.</summary>
/// <param name="Name">The test's title.</param>
/// <param name="Passed">Whether the runner behaved as the test expects.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record ConformanceTestResult(string Name, bool Passed, string? Error);
