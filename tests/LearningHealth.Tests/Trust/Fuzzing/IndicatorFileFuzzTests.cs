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

/// <summary>Indicator definition files, malformed: only <see cref="IndicatorDefinitionException"/>, naming the file and a field.</summary>
public sealed class IndicatorFileFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 2_000;

    [Fact]
    public void Indicator_definition_files()
    {
        var assembly = typeof(IndicatorLibrary).Assembly;
        var seeds = assembly.GetManifestResourceNames().Where(n => n.StartsWith("LearningHealth.Indicators.Library.", StringComparison.Ordinal))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return reader.ReadToEnd();
            }).ToList();
        Assert.NotEmpty(seeds);
        var failures = new List<string>();
        var rejected = 0;
        foreach (var (n, kind, bytes) in new Mutator(1002).Variants(seeds, Cases, json: true))
        {
            try
            {
                IndicatorDefinitionReader.Parse(Encoding.UTF8.GetString(bytes), "fuzz.json");
            }
            catch (IndicatorDefinitionException e)
            {
                rejected++;
                // The reader's documented error: it starts with the file and says which field, or where the JSON breaks.
                if (!e.Message.StartsWith("fuzz.json", StringComparison.Ordinal) || !(e.Message.Contains(':', StringComparison.Ordinal)))
                {
                    failures.Add($"case {n} ({kind}): \"{e.Message}\" does not name the file and a field");
                }
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{rejected} of {Cases} variants rejected");
        Assert.True(rejected > Cases / 2, $"only {rejected} variants were rejected");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
