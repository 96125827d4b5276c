using LearningHealth.Initiatives;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Teams;

public sealed class ProgrammeRisksTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_shows_each_kind_of_programme_risk(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider, demo: true);

        var risks = await app.Get<ProgrammeRisks>().HandleAsync();

        Assert.Contains(risks, r => r.Kind == "no-lead" && r.Message.StartsWith("Designers have no named lead", StringComparison.Ordinal));
        Assert.Contains(risks, r => r.Kind == "buy-in-review-overdue");
        Assert.Contains(risks, r => r.Kind == "engagement-ending" && r.Level == RiskLevel.High && r.Message.Contains("Antibiotic prescribing", StringComparison.Ordinal));
        Assert.Contains(risks, r => r.Kind == "single-vendor" && r.Message.StartsWith("Sepsis early warning", StringComparison.Ordinal));
        Assert.DoesNotContain(risks, r => r.Kind == "no-sponsor");
        Assert.Equal(risks.OrderByDescending(r => r.Level).Select(r => r.Message), risks.Select(r => r.Message));
    }

    [Fact]
    public async Task Naming_a_lead_removes_the_no_lead_risk_for_that_group()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        await using var db = app.NewDbContext();
        var designer = await db.People.FirstAsync(p => p.Discipline == DisciplineGroup.Designer);

        var set = await app.Get<ManageLeadership>().SetLeadAsync(DisciplineGroup.Designer, designer.Id);
        var risks = await app.Get<ProgrammeRisks>().HandleAsync();

        Assert.True(set.Succeeded);
        Assert.DoesNotContain(risks, r => r.Kind == "no-lead" && r.Message.StartsWith("Designers", StringComparison.Ordinal));
        Assert.Contains(risks, r => r.Kind == "no-lead" && r.Message.StartsWith("Other support professions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_extension_of_an_ending_engagement_removes_the_leaving_risk()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        var before = await app.Get<ProgrammeRisks>().HandleAsync();
        var leaving = before.First(r => r.Kind == "engagement-ending");
        var personId = Guid.Parse(leaving.Link!.Split('/').Last());
        await using var db = app.NewDbContext();
        var ending = await db.Engagements.Where(e => e.PersonId == personId && e.EndDate != null).OrderByDescending(e => e.StartDate).FirstAsync();

        var extended = await app.Get<EditPeople>().AddEngagementAsync(new EngagementCommand(personId, ending.Type, ending.OrganisationId, ending.RoleTitle, ending.Fte, ending.EndDate!.Value.AddDays(1), null));
        var after = await app.Get<ProgrammeRisks>().HandleAsync();

        Assert.True(extended.Succeeded);
        Assert.DoesNotContain(after, r => r.Kind == "engagement-ending" && r.Link == leaving.Link);
    }

    [Fact]
    public async Task With_no_sponsor_recorded_the_programme_is_at_high_risk()
    {
        await using var app = await TestServices.CreateAsync();

        var risks = await app.Get<ProgrammeRisks>().HandleAsync();

        Assert.Equal(RiskLevel.High, Assert.Single(risks, r => r.Kind == "no-sponsor").Level);
    }

    [Fact]
    public async Task The_overview_counts_people_by_group_and_terms_of_engagement()
    {
        await using var app = await TestServices.CreateAsync(demo: true);

        var overview = await app.Get<ProgrammeOverview>().HandleAsync();

        Assert.Equal(overview.People, overview.Groups.Sum(g => g.People));
        Assert.Equal(overview.People, overview.Totals.Values.Sum(c => c.People));
        Assert.Equal(6, overview.Groups.Single(g => g.Group == DisciplineGroup.PatientsAndPublic).ByEngagement[EngagementType.Volunteer].People);
        Assert.Equal("Dr Helen Marsh", overview.Sponsorship!.SponsorName);
        Assert.Null(overview.Groups.Single(g => g.Group == DisciplineGroup.Designer).LeadName);
        Assert.NotNull(overview.Groups.Single(g => g.Group == DisciplineGroup.Clinician).LeadName);
    }
}
