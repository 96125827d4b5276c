using System.Text;
using System.Text.Json;
using LearningHealth.Fhir;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Skills;
using LearningHealth.Teams;
using LearningHealth.Teams.Import;
using LearningHealth.Tests.Fhir;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Workforce;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LearningHealth.Tests.Trust.Fuzzing;

/// <summary>Workforce scenario files (<see cref="ScenarioFile.Parse"/>), malformed: a problem naming a line or field, never an exception.</summary>
public sealed class ScenarioFileFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 2_000;

    [Fact]
    public void Workforce_scenario_files()
    {
        var failures = new List<string>();
        var rejected = 0;
        foreach (var (n, kind, bytes) in new Mutator(1001).Variants([WorkforceExamples.Scenario], Cases, json: true))
        {
            try
            {
                var outcome = ScenarioFile.Parse(Encoding.UTF8.GetString(bytes));
                rejected += outcome.Succeeded ? 0 : 1;
                failures.AddRange(outcome.Problems.Where(p => !FuzzChecks.NamesWhere(p)).Select(p => $"case {n} ({kind}): no line or field in \"{p.Message}\""));
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{rejected} of {Cases} variants rejected");
        Assert.True(rejected > Cases / 2, $"only {rejected} variants were rejected: the mutations are too gentle to test anything");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
