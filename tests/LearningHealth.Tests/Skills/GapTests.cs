using LearningHealth.Skills;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Skills;

public sealed class GapTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_person_s_gaps_are_their_initiatives_requirements_above_their_current_levels(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        await app.InitiativeAsync("audit-and-feedback", nurse);
        await app.RateAsync(nurse, "lhs-clinician", "CLN2", 3, rater: lead, assessor: await app.PersonAsync("Ada", DisciplineGroup.Strategy));
        await app.RateAsync(nurse, "lhs-clinician", "CLN5", 1, assessor: lead);
        await app.RateAsync(nurse, "lhs-core", "C4.2", 3);

        var gaps = (await app.Get<AnalyseGaps>().ForPersonAsync(nurse.PersonId!.Value))!.Gaps;

        Assert.DoesNotContain(gaps, g => g.Code == "CLN2");
        var feedback = gaps.Single(g => g.Code == "CLN5");
        Assert.Equal((GapKind.Below, 3, (int?)1), (feedback.Kind, feedback.Required, feedback.Current));
        Assert.Equal(GapKind.Unconfirmed, gaps.Single(g => g.Code == "C4.2").Kind);
        Assert.Equal(GapKind.Missing, gaps.Single(g => g.Code == "C3.2").Kind);
        Assert.Single(feedback.Initiatives);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_matrix_counts_holders_per_competency_and_flags_single_points_of_failure(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var assessor = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var a = await app.PersonAsync("Ann");
        var b = await app.PersonAsync("Ben");
        var c = await app.PersonAsync("Cat", DisciplineGroup.InformationAnalyst);
        var initiative = await app.InitiativeAsync("audit-and-feedback", a, b, c);
        await app.RateAsync(a, "lhs-clinician", "CLN2", 3, assessor: assessor);
        await app.RateAsync(b, "lhs-clinician", "CLN2", 4, assessor: assessor);
        await app.RateAsync(c, "lhs-core", "C4.2", 4, assessor: assessor);
        await app.RateAsync(a, "lhs-core", "C4.2", 2, assessor: assessor);

        var matrix = (await app.Get<BuildSkillsMatrix>().ForInitiativeAsync(initiative))!;

        Assert.Equal(3, matrix.Rows.Count);
        var cln2 = matrix.Columns.Single(x => x.Code == "CLN2");
        var c42 = matrix.Columns.Single(x => x.Code == "C4.2");
        var cln5 = matrix.Columns.Single(x => x.Code == "CLN5");
        Assert.Equal((2, false, false), (cln2.Holders, cln2.SinglePointOfFailure, cln2.Short));
        Assert.Equal((1, true), (c42.Holders, c42.SinglePointOfFailure));
        Assert.Equal((0, false, true), (cln5.Holders, cln5.SinglePointOfFailure, cln5.Short));
        Assert.Equal(["C4.2"], matrix.SinglePointsOfFailure.Select(x => x.Code));
        var annCell = matrix.Rows.Single(r => r.Name == "Ann Tester").Cells[matrix.Columns.ToList().IndexOf(c42)];
        Assert.Equal(new MatrixCell(2, true, false), annCell);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_matrix_applies_the_current_level_rules_latest_confirmed_then_unexpired_self_rating(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var assessor = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var a = await app.PersonAsync("Ann");
        var b = await app.PersonAsync("Ben");
        var initiative = await app.InitiativeAsync("audit-and-feedback", a, b);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Ann: an older confirmed 4, a newer confirmed 2, and a later self-rating of 4 that is not confirmed.
        await app.RateAsync(a, "lhs-clinician", "CLN2", 4, assessor: assessor, assessedOn: today.AddDays(-300));
        await app.RateAsync(a, "lhs-clinician", "CLN2", 2, assessor: assessor, assessedOn: today.AddDays(-100));
        await app.RateAsync(a, "lhs-clinician", "CLN2", 4, assessedOn: today.AddDays(-10));
        // Ben: an expired confirmed 4 (a peer's rating) and an older self-rating of 3 still valid.
        var peer = await app.PersonAsync("Cal");
        await app.RateAsync(b, "lhs-clinician", "CLN2", 3, assessedOn: today.AddDays(-900), validUntil: today.AddDays(100));
        await app.RateAsync(b, "lhs-clinician", "CLN2", 4, rater: peer, assessor: assessor, assessedOn: today.AddDays(-800), validUntil: today.AddDays(-5));

        var matrix = (await app.Get<BuildSkillsMatrix>().ForInitiativeAsync(initiative))!;
        var column = matrix.Columns.ToList().FindIndex(c => c.Code == "CLN2");

        Assert.Equal(new MatrixCell(2, true, false), matrix.Rows.Single(r => r.Name == "Ann Tester").Cells[column]);
        Assert.Equal(new MatrixCell(3, false, true), matrix.Rows.Single(r => r.Name == "Ben Tester").Cells[column]);
        Assert.True(matrix.Columns[column].SinglePointOfFailure);
    }

    [Fact]
    public async Task Coverage_shows_how_much_of_a_skill_sits_with_contractors_and_platform_staff()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        var coverage = await app.Get<GetSkillsCoverage>().HandleAsync(minimumLevel: 1);

        Assert.Contains(coverage.Rows, r => r.Holders > 0);
        Assert.All(coverage.Rows, r =>
        {
            Assert.Equal(r.Holders, r.ByDiscipline.Values.Sum());
            Assert.Equal(r.Holders, r.ByEngagement.Values.Sum());
            Assert.Equal(r.HeldOutside, r.ByEngagement.Where(e => e.Key is not (EngagementType.Employed or EngagementType.Seconded)).Sum(e => e.Value));
        });
        Assert.Contains(coverage.Rows, r => r.HeldOutside > 0);
        Assert.DoesNotContain(coverage.Rows, r => r.FrameworkKey == "fci-core");
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Learning_plan_suggestions_come_from_gaps_and_disappear_once_a_goal_is_set(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        await app.InitiativeAsync("audit-and-feedback", nurse);
        await app.RateAsync(nurse, "lhs-clinician", "CLN5", 1, assessor: lead);
        var plans = app.Get<ManageLearningPlan>();

        var before = (await plans.GetAsync(nurse.PersonId!.Value))!;
        var suggestion = before.Suggestions.Single(s => s.Code == "CLN5");
        var feedbackAction = Guid.NewGuid();
        var added = await plans.AddGoalAsync(new GoalCommand(nurse.PersonId!.Value, suggestion.CompetencyId, suggestion.TargetLevel, null, feedbackAction,
            [new LearningActivity { Kind = ActivityKind.Mentoring, Description = "Monthly feedback review with a mentor" }]));
        var after = (await plans.GetAsync(nurse.PersonId!.Value))!;
        await app.RateAsync(nurse, "lhs-clinician", "CLN5", 3, rater: lead, assessor: await app.PersonAsync("Ada", DisciplineGroup.Strategy));
        var later = (await plans.GetAsync(nurse.PersonId!.Value))!;

        Assert.Equal(4, before.Suggestions.Count);
        Assert.Equal((3, (int?)1), (suggestion.TargetLevel, suggestion.CurrentLevel));
        Assert.True(added.Succeeded);
        Assert.DoesNotContain(after.Suggestions, s => s.Code == "CLN5");
        var goal = Assert.Single(later.Goals);
        Assert.Equal((1, 3, 2, true), (goal.StartLevel, goal.CurrentLevel, goal.Progress, goal.Reached));
        Assert.Equal(feedbackAction, goal.FeedbackActionId);
        Assert.Equal(ActivityKind.Mentoring, Assert.Single(goal.Activities).Kind);
    }

    [Fact]
    public async Task Nobody_reviews_their_own_learning_plan()
    {
        await using var app = await TestServices.CreateAsync();
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var other = await app.PersonAsync("Ada", DisciplineGroup.Strategy);
        await app.Get<ManageLearningPlan>().AddGoalAsync(new GoalCommand(lead.PersonId!.Value, await app.CompetencyAsync("lhs-core", "C2.3"), 4, null, null, []));

        var own = await app.Get<ManageLearningPlan>().ReviewAsync(lead.PersonId!.Value, 0, "Looks good", lead);
        var reviewed = await app.Get<ManageLearningPlan>().ReviewAsync(lead.PersonId!.Value, 0, "Add a shadowing activity.", other);

        Assert.False(own.Succeeded);
        Assert.True(reviewed.Succeeded);
        Assert.Equal("Ada Tester", (await app.Get<ManageLearningPlan>().GetAsync(lead.PersonId!.Value))!.ReviewedByName);
    }
}
