using LearningHealth.Composition;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Composition;

public sealed class ProposeAndAcceptTests
{
    private static readonly DateOnly Start = new(2027, 1, 1);
    private static readonly CompositionOptions Fast = new() { TimeLimit = TimeSpan.FromSeconds(5), Alternatives = 2 };

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Accepting_a_proposal_writes_the_members_and_the_make_up_check_reflects_it(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider, demo: true);
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("patient-reported-outcomes", "PROMs in knee surgery", null, null, Start, null))).Value;
        var before = (await app.Get<GetInitiative>().HandleAsync(id))!.MakeUp;

        var proposed = await app.Get<ProposeTeam>().HandleAsync(new ProposeTeamCommand(id, Fast));
        var best = proposed.Value!.Teams[0];
        var accepted = await app.Get<AcceptProposal>().HandleAsync(new AcceptProposalCommand(id, [.. best.Members.Select(m => new AcceptedMember(m.PersonId, m.Group, m.Fte, m.IsLead))]));
        var after = await app.Get<GetInitiative>().HandleAsync(id);

        Assert.True(proposed.Succeeded);
        Assert.Equal(2, proposed.Value.Teams.Count);
        Assert.True(accepted.Succeeded);
        Assert.Equal(best.Members.Select(m => m.PersonId).Order(), after!.Members.Select(m => m.PersonId).Order());
        Assert.Contains("Needs 2 patient partners; has 0.", before.Gaps);
        Assert.All(after.MakeUp.Roles, r => Assert.True(r.Met, MakeUpCheck.Describe(r.Requirement)));
        Assert.DoesNotContain(after.MakeUp.Gaps, g => g.StartsWith("Needs", StringComparison.Ordinal) || g.StartsWith("No lead", StringComparison.Ordinal));
        // Until skills are recorded no one holds a competency: each is explained, never just "infeasible".
        Assert.Equal(after.Initiative.Competencies.Count, best.Unmet.Count(u => u.Requirement.Contains("holding", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Time_people_give_other_open_initiatives_is_not_spare()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        await using var db = app.NewDbContext();
        var busy = await db.InitiativeMembers.AsNoTracking().Where(m => m.EndDate == null).OrderBy(m => m.Id).FirstAsync();
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("patient-reported-outcomes", "PROMs in shoulder surgery", null, null, Start, null))).Value;

        var problem = await app.Get<ProposeTeam>().LoadAsync(id);

        var person = Assert.Single(problem!.People, p => p.Id == busy.PersonId);
        Assert.True(person.CommittedFte >= busy.Fte);
    }

    [Fact]
    public async Task Accepting_again_replaces_the_team_and_bad_proposals_are_refused()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("patient-reported-outcomes", "PROMs in hand surgery", null, null, Start, null))).Value;
        await using var db = app.NewDbContext();
        var people = await db.People.AsNoTracking().OrderBy(p => p.FamilyName).Take(2).ToListAsync();
        var accept = app.Get<AcceptProposal>();

        await accept.HandleAsync(new AcceptProposalCommand(id, [new(people[0].Id, people[0].Discipline, 0.2m, false)]));
        var second = await accept.HandleAsync(new AcceptProposalCommand(id, [new(people[1].Id, people[1].Discipline, 0.3m, true)]));
        var members = (await app.Get<GetInitiative>().HandleAsync(id))!.Members;

        Assert.True(second.Succeeded);
        Assert.Equal(people[1].Id, Assert.Single(members).PersonId);
        Assert.False((await accept.HandleAsync(new AcceptProposalCommand(id, []))).Succeeded);
        Assert.False((await accept.HandleAsync(new AcceptProposalCommand(id, [new(people[0].Id, people[0].Discipline, 2m, false)]))).Succeeded);
        Assert.Equal(ProblemKind.NotFound, (await accept.HandleAsync(new AcceptProposalCommand(Guid.NewGuid(), [new(people[0].Id, people[0].Discipline, 0.2m, false)]))).Problems[0].Kind);
        Assert.Equal(ProblemKind.NotFound, (await app.Get<ProposeTeam>().HandleAsync(new ProposeTeamCommand(Guid.NewGuid(), Fast))).Problems[0].Kind);
    }

    [Fact]
    public async Task An_initiative_can_be_found_by_its_title_or_id()
    {
        await using var app = await TestServices.CreateAsync();
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand("patient-reported-outcomes", "PROMs in foot surgery", null, null, Start, null))).Value;
        var propose = app.Get<ProposeTeam>();

        Assert.Equal(id, await propose.FindAsync("proms in FOOT surgery"));
        Assert.Equal(id, await propose.FindAsync(id.ToString()));
        Assert.Null(await propose.FindAsync("No such work"));
    }
}
