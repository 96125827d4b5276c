using LearningHealth.Demo;
using LearningHealth.Teams;
using LearningHealth.Teams.Import;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LearningHealth.Tests.Teams.ImportFiles;

namespace LearningHealth.Tests.Teams;

public sealed class ExportPeopleTests
{
    private static Task<string> ExportAsync(TeamServices services) => services.RunAsync<ExportPeople, string>(async export =>
    {
        var csv = new StringWriter();
        await export.HandleAsync(csv);
        return csv.ToString();
    });

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_exported_imported_into_a_fresh_database_and_exported_again_gives_the_same_file(string provider)
    {
        await using var demo = await TeamServices.CreateAsync(provider);
        await demo.RunAsync<SeedDemoOrganisation, DemoSeedResult>(seed => seed.HandleAsync());
        var (people, engagements, pastEngagements, organisations) = await demo.QueryAsync(async db => (
            await db.People.CountAsync(),
            await db.Engagements.CountAsync(),
            await db.Engagements.CountAsync(e => e.EndDate < DateOnly.FromDateTime(DateTime.UtcNow)),
            await db.Organisations.AsNoTracking().ToListAsync()));
        var exported = await ExportAsync(demo);

        await using var fresh = await TeamServices.CreateAsync(provider);
        await fresh.AddOrganisationsAsync([.. organisations.Select(o => new Organisation { Name = o.Name, Kind = o.Kind, OdsCode = o.OdsCode })]);
        var imported = await fresh.ImportAsync(exported);
        var again = await ExportAsync(fresh);

        Assert.Empty(imported.Problems);
        Assert.Equal((people, engagements, 0), (imported.PeopleCreated, imported.EngagementsAdded, imported.DuplicatesSkipped));
        Assert.True(pastEngagements > 0, "The demo has past engagements, so the round trip carries history.");
        var lines = exported.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Header, lines[0]);
        Assert.Equal(engagements + 1, lines.Length);
        Assert.Contains(lines, l => l.Contains(",Clinicians,Allied health,HCPC,", StringComparison.Ordinal));
        Assert.Equal(exported, again);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Values_a_spreadsheet_would_run_as_formulas_are_exported_as_text_and_read_back_unchanged(string provider)
    {
        await using var first = await WithOrganisationsAsync(provider);
        var imported = await first.ImportAsync(Csv(
            $"Ann,Jones,ann@riverside.example,+44 161 496 0000,Researcher,,,,Employed,{Hospital},\"=HYPERLINK(\"\"https://example.org\"\")\",0.5,2024-01-01,",
            "Bob,Jones,bob@riverside.example,,Strategy,,,,,,,,,"));
        Assert.Empty(imported.Problems);

        var exported = await ExportAsync(first);
        await using var second = await WithOrganisationsAsync(provider);
        await second.ImportAsync(exported);

        Assert.Contains(",\"'+44 161 496 0000\",", exported, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"https://example.org\"\")\",", exported, StringComparison.Ordinal);
        Assert.Contains("Bob,Jones,bob@riverside.example,,Strategy,,,,,,,,,\r\n", exported, StringComparison.Ordinal);
        var ann = await second.QueryAsync(db => db.People.Include(p => p.Engagements).SingleAsync(p => p.GivenName == "Ann"));
        Assert.Equal(("+44 161 496 0000", "=HYPERLINK(\"https://example.org\")"), (ann.Phone, Assert.Single(ann.Engagements).RoleTitle));
        Assert.Equal(exported, await ExportAsync(second));
    }
}
