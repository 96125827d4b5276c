using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Teams;

public sealed class InitiativeTests
{
    private static readonly DateOnly Start = new(2027, 1, 1);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_initiative_starts_with_a_copy_of_its_template_s_requirements_and_editing_them_leaves_the_template_alone(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);

        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("audit-and-feedback", "Statins", "Aim", "Question", Start, Start.AddYears(1)))).Value;
        var created = (await app.Get<GetInitiative>().HandleAsync(id))!;
        var template = (await app.Get<ManageTemplates>().GetAsync("audit-and-feedback"))!;

        Assert.Equal(template.Roles.Count, created.Initiative.Roles.Count);
        Assert.Equal(template.Competencies.Select(c => c.Code), created.Initiative.Competencies.Select(c => c.Code));
        Assert.All(created.Initiative.Governance, g => Assert.Equal(GovernanceStatus.Needed, g.Status));
        Assert.False(created.MakeUp.Complete);

        var i = created.Initiative;
        var updated = await app.Get<UpdateInitiative>().HandleAsync(new UpdateInitiativeCommand(
            id, i.Version, i.Title, i.Aim, i.LearningQuestion, InitiativeStatus.Active, i.StartDate, i.EndDate,
            [new RoleRequirement { Group = DisciplineGroup.Researcher, Count = 1, Fte = 0.1m }], []));

        Assert.True(updated.Succeeded);
        var after = (await app.Get<GetInitiative>().HandleAsync(id))!.Initiative;
        Assert.Equal(InitiativeStatus.Active, after.Status);
        Assert.Equal(DisciplineGroup.Researcher, Assert.Single(after.Roles).Group);
        Assert.Equal(template.Roles.Count, (await app.Get<ManageTemplates>().GetAsync("audit-and-feedback"))!.Roles.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_the_missing_person_closes_the_gap(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider, demo: true);
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("patient-reported-outcomes", "PROMs in hip surgery", null, null, Start, null))).Value;
        await using var db = app.NewDbContext();
        var partner = await db.People.Where(p => p.Discipline == DisciplineGroup.PatientsAndPublic).OrderBy(p => p.FamilyName).FirstAsync();
        var before = (await app.Get<GetInitiative>().HandleAsync(id))!.MakeUp;

        var added = await app.Get<ChangeTeam>().AddAsync(new AddMemberCommand(id, partner.Id, null, 0.1m, IsLead: true));
        var after = (await app.Get<GetInitiative>().HandleAsync(id))!.MakeUp;

        Assert.True(added.Succeeded);
        Assert.Contains("Needs 2 patient partners; has 0.", before.Gaps);
        Assert.Contains("No lead for patient partners.", before.Gaps);
        Assert.Contains("Needs 2 patient partners; has 1.", after.Gaps);
        Assert.DoesNotContain("No lead for patient partners.", after.Gaps);
        Assert.True(after.Gaps.Count < before.Gaps.Count);
    }

    [Fact]
    public async Task The_same_person_cannot_join_a_team_twice()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("pathway-redesign", "Stroke", null, null, Start, null))).Value;
        await using var db = app.NewDbContext();
        var person = await db.People.OrderBy(p => p.FamilyName).FirstAsync();

        await app.Get<ChangeTeam>().AddAsync(new AddMemberCommand(id, person.Id, null, 0.2m, false));
        var again = await app.Get<ChangeTeam>().AddAsync(new AddMemberCommand(id, person.Id, null, 0.2m, false));

        Assert.Equal(ProblemKind.Conflict, Assert.Single(again.Problems).Kind);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_leads_editing_the_same_initiative_the_second_save_is_refused_and_the_first_kept(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("embedded-research", "Trial", null, null, Start, null))).Value;
        var opened = (await app.Get<GetInitiative>().HandleAsync(id))!.Initiative;

        UpdateInitiativeCommand Edit(string title) => new(id, opened.Version, title, opened.Aim, opened.LearningQuestion, opened.Status, opened.StartDate, opened.EndDate, opened.Roles, opened.Governance);
        var first = await app.Get<UpdateInitiative>().HandleAsync(Edit("First title"));
        var second = await app.Get<UpdateInitiative>().HandleAsync(Edit("Second title"));

        Assert.True(first.Succeeded);
        var problem = Assert.Single(second.Problems);
        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Contains("Someone else saved this initiative", problem.Message, StringComparison.Ordinal);
        Assert.Equal("First title", (await app.Get<GetInitiative>().HandleAsync(id))!.Initiative.Title);
    }

    [Fact]
    public async Task An_initiative_from_an_unknown_template_or_ending_before_it_starts_is_refused()
    {
        await using var app = await TestServices.CreateAsync();

        var outcome = await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("no-such-template", "", null, null, Start, Start.AddDays(-1)));

        Assert.Equal(["Title", "EndDate", "TemplateKey"], outcome.Problems.Select(p => p.Field));
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.Initiatives.CountAsync());
    }
}
