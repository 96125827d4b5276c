using LearningHealth.SqlOnFhir.Conformance;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>The vendored SQL on FHIR v2 conformance suite (see conformance/UPSTREAM.txt), loaded once per test run.</summary>
internal static class ConformanceSuite
{
    private static readonly Lazy<IReadOnlyList<ConformanceTestCase>> Cases = new(() => ConformanceRunner.LoadSuite(Folder));

    /// <summary>The folder of suite files copied next to the test assembly.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "conformance", "tests");

    public static IReadOnlyList<ConformanceTestCase> All => Cases.Value;

    public static ConformanceTestCase Find(string fileName, string title) =>
        All.Single(testCase => testCase.FileName == fileName && testCase.Title == title);
}
