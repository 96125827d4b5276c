using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed class InitiativeEvaluationTests
{
    private const string AntibioticsTitle = "Antibiotic prescribing for respiratory infections";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_evaluation_sums_the_teams_counts_and_a_finding_notifies_exactly_the_contributing_clinicians_with_accounts(string provider)
    {
        await using var services = await TestServices.CreateAsync(provider, demo: true);
        await services.Get<SeedDemoRoutineData>().HandleAsync();
        await using var db = services.NewDbContext();
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Members).ThenInclude(m => m.Person).SingleAsync(i => i.Title == AntibioticsTitle);
        var links = await services.Get<PractitionerLinks>().AllAsync();
        var teamLinks = links.Where(l => initiative.Members.Any(m => m.PersonId == l.PersonId)).ToList();
        var teamKeys = teamLinks.Select(l => l.PractitionerKey).ToHashSet();

        // Accounts: one more team clinician (notified), a clinician outside the team (not), and the demo member@
        // (on the team but not a clinician with records: not).
        var teamClinician = teamLinks.Select(l => l.PersonId).First(id => !db.Users.Any(u => u.PersonId == id));
        var outsider = links.Select(l => l.PersonId).First(id => initiative.Members.All(m => m.PersonId != id) && !db.Users.Any(u => u.PersonId == id));
        var create = services.Get<CreateUser>();
        var teamUser = (await create.HandleAsync(new CreateUserCommand("team.clinician@example.org", "Team clinician", [Roles.Clinician], PersonId: teamClinician))).Value!;
        await create.HandleAsync(new CreateUserCommand("other.clinician@example.org", "Other clinician", [Roles.Clinician], PersonId: outsider));
        var leadUser = await db.Users.SingleAsync(u => u.Email == "clinician@" + SeedDemoOrganisation.DemoEmailDomain);

        var evaluation = (await services.Get<EvaluateInitiative>().HandleAsync(initiative.Id))!;

        Assert.Null(evaluation.Problem);
        Assert.Equal(EvaluationDesign.BeforeAfterSpc, evaluation.Design);
        var results = ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(services.Get<DatabaseOptions>().DataDirectory), "rti-antibiotics", "clinician");
        var lastPeriod = evaluation.Periods[^1];
        Assert.Equal(results.Where(r => r.PeriodStart == lastPeriod.Period && teamKeys.Contains(r.Unit)).Sum(r => r.Numerator), lastPeriod.TeamNumerator);
        Assert.Equal(results.Where(r => r.PeriodStart == lastPeriod.Period && teamKeys.Contains(r.Unit)).Sum(r => r.Denominator), lastPeriod.TeamDenominator);
        Assert.Equal(evaluation.Periods.Count(p => !p.AfterChange), evaluation.BeforeAfter!.BaselinePoints);
        Assert.All(evaluation.Periods.Where(p => p.AfterChange), p => Assert.True(p.Period >= new DateOnly(initiative.ChangeDate!.Value.Year, initiative.ChangeDate.Value.Month, 1)));
        Assert.NotNull(evaluation.Sentence);
        Assert.Contains("<svg", evaluation.Chart!.Svg, StringComparison.Ordinal);
        Assert.Equal(teamLinks.Select(l => l.PersonId).Order(), evaluation.Contributors.Select(c => c.PersonId).Order());

        var posted = await services.Get<PostResearchFinding>().HandleAsync(new PostResearchFindingCommand(initiative.Id, "Fewer antibiotics", evaluation.Sentence, "Programme director"));

        Assert.True(posted.Succeeded);
        Assert.Equal(new[] { leadUser.Id, teamUser.Id }.Order(), posted.Value!.NotifiedUserIds.Order());
        await using var check = services.NewDbContext();
        var notifications = await check.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.ResearchFinding).ToListAsync();
        Assert.Equal(posted.Value.NotifiedUserIds.Order(), notifications.Select(n => n.UserId).Order());
        Assert.All(notifications, n => Assert.Equal($"/team/initiatives/{initiative.Id}/evaluation", n.Link));
        var finding = await check.ResearchFindings.SingleAsync();
        Assert.Equal((2, "rti-antibiotics"), (finding.Recipients, finding.IndicatorId));
        Assert.Single((await services.Get<EvaluateInitiative>().HandleAsync(initiative.Id))!.Findings);
    }

    [Fact]
    public async Task A_unit_comparison_compares_the_team_with_every_other_clinician_since_the_change()
    {
        await using var services = await TestServices.CreateAsync(demo: true);
        await services.Get<SeedDemoRoutineData>().HandleAsync();
        await using var db = services.NewDbContext();
        var initiative = await db.Initiatives.AsNoTracking().SingleAsync(i => i.Title == AntibioticsTitle);
        var set = services.Get<SetEvaluation>();

        var invalid = await set.HandleAsync(new SetEvaluationCommand(initiative.Id, initiative.Version, "", EvaluationDesign.None, "no-such-indicator", null));
        var saved = await set.HandleAsync(new SetEvaluationCommand(initiative.Id, initiative.Version, "Does feedback help?", EvaluationDesign.UnitComparison, "rti-antibiotics", initiative.ChangeDate));
        var stale = await services.Get<SetEvaluation>().HandleAsync(new SetEvaluationCommand(initiative.Id, initiative.Version, "Another question", EvaluationDesign.BeforeAfterSpc, "rti-antibiotics", initiative.ChangeDate));

        Assert.Equal(["ChangeDate", "Design", "IndicatorId", "LearningQuestion"], invalid.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.True(saved.Succeeded);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(stale.Problems).Kind);

        var evaluation = (await services.Get<EvaluateInitiative>().HandleAsync(initiative.Id))!;
        var after = evaluation.Periods.Where(p => p.AfterChange).ToList();
        var c = evaluation.Comparison!;
        Assert.Equal("Does feedback help?", evaluation.LearningQuestion);
        Assert.Equal((after.Sum(p => p.TeamNumerator), after.Sum(p => p.TeamDenominator)), (c.X1, c.N1));
        Assert.Equal((after.Sum(p => p.OthersNumerator), after.Sum(p => p.OthersDenominator)), (c.X2, c.N2));
        var expected = EvaluationStatistics.Newcombe(c.X1, c.N1, c.X2, c.N2);
        Assert.Equal(expected.Interval, c.Interval);
        // The sentence says what the interval says: worse (more antibiotics) only when it excludes no difference.
        var verdict = c.Interval.Lower > 0 ? "did worse than the other clinicians" : c.Interval.Upper < 0 ? "did better than the other clinicians" : "cannot tell the team apart";
        Assert.Contains(verdict, evaluation.Sentence, StringComparison.Ordinal);
    }
}
