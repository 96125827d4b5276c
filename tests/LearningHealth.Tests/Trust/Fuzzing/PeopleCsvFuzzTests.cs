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

/// <summary>People CSV files, malformed: a refused import writes nothing, an accepted one writes what it reports, and every problem names a line or column.</summary>
public sealed class PeopleCsvFuzzTests(ITestOutputHelper output)
{
    private const string Organisation = "Fuzz Community Trust";

    private static readonly string[] PeopleSeeds =
    [
        string.Join("\r\n",
            TeamCsv.Header,
            $"Ann,Jones,ann.jones@fuzz.example,01234 567890,Researcher,,,,Employed,{Organisation},Research manager,0.5,2024-01-01,",
            $"Ann,Jones,ann.jones@fuzz.example,,Researcher,,,,Seconded,{Organisation},Research fellow,0.2,2023-01-01,2023-12-31",
            $"Bob,Smith,bob.smith@fuzz.example,,Researcher,,,,Employed,{Organisation},Data analyst,1,2022-04-01,",
            $"Cat,Brown,cat.brown@fuzz.example,,Researcher,,,,Employed,{Organisation},Evaluator,0.8,2021-09-01,2026-08-31") + "\r\n",
    ];

    private static async Task<(int People, int Engagements)> CountsAsync(TestServices services)
    {
        await using var db = services.NewDbContext();
        return (await db.People.CountAsync(), await db.Engagements.CountAsync());
    }

    [Fact]
    public async Task People_csv()
    {
        await using var services = await TestServices.CreateAsync(TestDatabase.Sqlite);
        await using (var db = services.NewDbContext())
        {
            db.Organisations.Add(new Organisation { Name = Organisation });
            await db.SaveChangesAsync();
        }

        var failures = new List<string>();
        var refused = 0;
        const int Cases = 300;
        foreach (var (n, kind, bytes) in new Mutator(2001).Variants(PeopleSeeds, Cases, json: false))
        {
            var before = await CountsAsync(services);
            try
            {
                var result = await services.Get<ImportPeople>().HandleAsync(new MemoryStream(bytes));
                var after = await CountsAsync(services);
                if (result.Refused)
                {
                    refused++;
                    if (after != before)
                    {
                        failures.Add($"case {n} ({kind}): refused but the counts went from {before} to {after}");
                    }
                }
                else if (after != (before.People + result.PeopleCreated, before.Engagements + result.EngagementsAdded))
                {
                    failures.Add($"case {n} ({kind}): reported {result.Summary} but the counts went from {before} to {after}");
                }

                failures.AddRange(result.Problems.Where(p => p.Line is null && p.Column is null).Select(p => $"case {n} ({kind}): no line or column in \"{p}\""));
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{refused} of {Cases} variants refused");
        Assert.True(refused > Cases / 2, $"only {refused} variants were refused");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
