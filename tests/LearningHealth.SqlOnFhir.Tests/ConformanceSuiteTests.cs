using LearningHealth.SqlOnFhir.Conformance;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>
/// Every test of the official SQL on FHIR v2 suite runs as its own case, named by file and title. Shareable tests
/// define conformance and must all pass; experimental tests cover draft features and are asserted as well, because
/// this engine passes all of them (see docs/sql-on-fhir-conformance.md).
/// </summary>
public sealed class ConformanceSuiteTests
{
    public static TheoryData<string, string> ShareableCases() => CasesWhere(testCase => testCase.IsShareable);

    public static TheoryData<string, string> ExperimentalCases() => CasesWhere(testCase => testCase.IsExperimental);

    [Theory]
    [MemberData(nameof(ShareableCases))]
    public void Shareable_conformance_test_passes(string file, string title)
    {
        var result = ConformanceRunner.Run(ConformanceSuite.Find(file, title));

        Assert.True(result.Passed, result.Error);
    }

    [Theory]
    [MemberData(nameof(ExperimentalCases))]
    public void Experimental_conformance_test_passes(string file, string title)
    {
        var result = ConformanceRunner.Run(ConformanceSuite.Find(file, title));

        Assert.True(result.Passed, result.Error);
    }

    [Fact]
    public void The_vendored_suite_has_123_shareable_and_11_experimental_tests()
    {
        Assert.Equal(123, ConformanceSuite.All.Count(testCase => testCase.IsShareable));
        Assert.Equal(11, ConformanceSuite.All.Count(testCase => testCase.IsExperimental));
        Assert.Equal(134, ConformanceSuite.All.Count);
    }

    private static TheoryData<string, string> CasesWhere(Func<ConformanceTestCase, bool> predicate)
    {
        var data = new TheoryData<string, string>();
        foreach (var testCase in ConformanceSuite.All.Where(predicate))
        {
            data.Add(testCase.FileName, testCase.Title);
        }

        return data;
    }
}
