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

/// <summary>Framework files in our CSV, Moodle CSV and CASE JSON, malformed: parsed without a database by the thousand, and saved a hundred and fifty at a time with the row counts checked.</summary>
public sealed class FrameworkFileFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 2_000;

    public static TheoryData<string> Formats => new() { nameof(FrameworkFormat.Csv), nameof(FrameworkFormat.Moodle), nameof(FrameworkFormat.Case) };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Framework_files(string formatName)
    {
        var format = Enum.Parse<FrameworkFormat>(formatName);
        var seeds = await FrameworkSeeds.ForAsync(format);
        var failures = new List<string>();
        var rejected = 0;
        foreach (var (n, kind, bytes) in new Mutator(1003 + (int)format).Variants(seeds, Cases, json: format == FrameworkFormat.Case))
        {
            try
            {
                var outcome = ImportFramework.Parse(Encoding.UTF8.GetString(bytes), format);
                rejected += outcome.Succeeded ? 0 : 1;
                failures.AddRange(outcome.Problems.Where(p => !FuzzChecks.NamesWhere(p)).Select(p => $"case {n} ({kind}): no line or field in \"{p.Message}\""));
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{rejected} of {Cases} variants rejected");
        Assert.True(rejected > Cases / 4, $"only {rejected} variants were rejected");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Framework_files_saved(string formatName)
    {
        var format = Enum.Parse<FrameworkFormat>(formatName);
        var seeds = await FrameworkSeeds.ForAsync(format);
        await using var services = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var failures = new List<string>();
        var refused = 0;
        const int Cases = 150;
        foreach (var (n, kind, bytes) in new Mutator(2101 + (int)format).Variants(seeds, Cases, json: format == FrameworkFormat.Case))
        {
            await using var db = services.NewDbContext();
            var before = (await db.Frameworks.CountAsync(), await db.Competencies.CountAsync(), await db.CrosswalkLinks.CountAsync());
            try
            {
                var outcome = await services.Get<ImportFramework>().HandleAsync(Encoding.UTF8.GetString(bytes), format);
                var after = (await db.Frameworks.CountAsync(), await db.Competencies.CountAsync(), await db.CrosswalkLinks.CountAsync());
                if (!outcome.Succeeded)
                {
                    refused++;
                    if (after != before)
                    {
                        failures.Add($"case {n} ({kind}): refused but the counts went from {before} to {after}");
                    }
                }

                failures.AddRange(outcome.Problems.Where(p => !FuzzChecks.NamesWhere(p)).Select(p => $"case {n} ({kind}): no line or field in \"{p.Message}\""));
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{refused} of {Cases} variants refused");
        Assert.True(refused > Cases / 4, $"only {refused} variants were refused");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
