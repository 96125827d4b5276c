using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Tests.Skills;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed class ActingOnFeedbackTests
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Messages<T>(Outcome<T> outcome) => string.Join(" ", outcome.Problems.Select(p => p.Message));

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_clinician_acknowledges_and_comments_on_their_own_feedback_only(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var ben = await app.ClinicianAsync("Ben");
        var respond = app.Get<RespondToFeedback>();

        var ack = await respond.HandleAsync(new RespondCommand(nia.PersonId!.Value, ActingFixtures.Indicator, new DateOnly(2026, 5, 17), FeedbackResponseKind.Acknowledged, null), nia);
        var emptyComment = await respond.HandleAsync(new RespondCommand(nia.PersonId.Value, ActingFixtures.Indicator, null, FeedbackResponseKind.Comment, "   "), nia);
        var othersFeedback = await respond.HandleAsync(new RespondCommand(nia.PersonId.Value, ActingFixtures.Indicator, null, FeedbackResponseKind.Comment, "Not mine"), ben);
        var unknown = await respond.HandleAsync(new RespondCommand(nia.PersonId.Value, "no-such-indicator", null, FeedbackResponseKind.Comment, "Hello"), nia);
        var comment = await respond.HandleAsync(new RespondCommand(nia.PersonId.Value, ActingFixtures.Indicator, null, FeedbackResponseKind.Comment, " Winter was busy. "), nia);

        Assert.True(ack.Succeeded, Messages(ack));
        Assert.True(comment.Succeeded, Messages(comment));
        Assert.Equal("Text", Assert.Single(emptyComment.Problems).Field);
        Assert.Equal("PersonId", Assert.Single(othersFeedback.Problems).Field);
        Assert.Equal("IndicatorId", Assert.Single(unknown.Problems).Field);
        await using var db = app.NewDbContext();
        var stored = await db.FeedbackResponses.Where(r => r.PersonId == nia.PersonId.Value).OrderBy(r => r.CreatedAt).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal((FeedbackResponseKind.Acknowledged, (DateOnly?)new DateOnly(2026, 5, 1)), (stored[0].Kind, stored[0].PeriodStart));
        Assert.Equal((FeedbackResponseKind.Comment, "Winter was busy.", nia.UserId), (stored[1].Kind, stored[1].Text, stored[1].AuthorUserId));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_question_is_answered_once_and_the_clinician_is_notified(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var ben = await app.ClinicianAsync("Ben");
        var analyst = await app.AnalystAsync();
        var ask = app.Get<QuestionTheData>();

        var empty = await ask.HandleAsync(new QuestionCommand(nia.PersonId!.Value, ActingFixtures.Indicator, null, ""), nia);
        var notOwn = await ask.HandleAsync(new QuestionCommand(nia.PersonId.Value, ActingFixtures.Indicator, null, "Is this right?"), ben);
        var asked = await ask.HandleAsync(new QuestionCommand(nia.PersonId.Value, ActingFixtures.Indicator, new DateOnly(2026, 3, 1), "March includes a locum's patients."), nia);
        Assert.Equal("Question", Assert.Single(empty.Problems).Field);
        Assert.Equal("PersonId", Assert.Single(notOwn.Problems).Field);
        Assert.True(asked.Succeeded, Messages(asked));

        var answer = app.Get<AnswerDataQuestion>();
        var noText = await answer.HandleAsync(new AnswerCommand(asked.Value, 0, DataQuestionStatus.Confirmed, " "), analyst);
        var noOutcome = await answer.HandleAsync(new AnswerCommand(asked.Value, 0, DataQuestionStatus.Open, "Checked."), analyst);
        Assert.Equal("Answer", Assert.Single(noText.Problems).Field);
        Assert.Equal("Status", Assert.Single(noOutcome.Problems).Field);

        var first = await answer.HandleAsync(new AnswerCommand(asked.Value, 0, DataQuestionStatus.Corrected, "The locum's consultations are now attributed to them."), analyst);
        var stale = await app.Get<AnswerDataQuestion>().HandleAsync(new AnswerCommand(asked.Value, 0, DataQuestionStatus.Confirmed, "Looks right to me."), analyst);

        Assert.True(first.Succeeded, Messages(first));
        Assert.Equal(ProblemKind.Conflict, Assert.Single(stale.Problems).Kind);
        await using var db = app.NewDbContext();
        var question = await db.DataQuestions.SingleAsync(q => q.Id == asked.Value);
        Assert.Equal((DataQuestionStatus.Corrected, "The locum's consultations are now attributed to them.", "Ana Lyst"), (question.Status, question.Answer, question.AnsweredByName));
        var notification = Assert.Single(await db.Notifications.Where(n => n.UserId == nia.UserId).ToListAsync());
        Assert.Equal(NotificationKind.DataQuestionResolved, notification.Kind);
        Assert.Equal("/learning-cycle/practice/rti-antibiotics", notification.Link);
        Assert.Contains(IndicatorLibrary.BuiltIn.Single(i => i.Id == ActingFixtures.Indicator).Title, notification.Title, StringComparison.Ordinal);
        Assert.Contains("March 2026", notification.Body, StringComparison.Ordinal);
        Assert.True((await app.Get<LearningHealth.Audit.AuditLog>().VerifyAsync()).Intact);
        Assert.Equal(1, await db.AuditLog.CountAsync(e => e.Action == "data-question.answered"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_queue_lists_open_questions_oldest_first_then_answered_ones_and_filters(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var analyst = await app.AnalystAsync();
        var ask = app.Get<QuestionTheData>();
        var ids = new List<Guid>();
        foreach (var (indicator, text) in new[] { ("rti-antibiotics", "First"), ("smoking-status-recorded", "Second"), ("rti-antibiotics", "Third") })
        {
            ids.Add((await ask.HandleAsync(new QuestionCommand(nia.PersonId!.Value, indicator, null, text), nia)).Value);
            await Task.Delay(20); // Distinct raise times, so "oldest first" has an order to check.
        }

        Assert.True((await app.Get<AnswerDataQuestion>().HandleAsync(new AnswerCommand(ids[0], 0, DataQuestionStatus.Confirmed, "Checked: right."), analyst)).Succeeded);
        var list = app.Get<ListDataQuestions>();

        var all = await list.HandleAsync();
        var open = await list.HandleAsync(new DataQuestionFilter(DataQuestionStatus.Open));
        var rti = await list.HandleAsync(new DataQuestionFilter(IndicatorId: "rti-antibiotics"));

        Assert.Equal([ids[1], ids[2], ids[0]], all.Select(q => q.Id));
        Assert.Equal([ids[1], ids[2]], open.Select(q => q.Id));
        Assert.Equal([ids[2], ids[0]], rti.Select(q => q.Id));
        Assert.Equal("Nia Tester", all[0].PersonName);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Planning_an_action_as_a_learning_goal_links_action_and_goal_both_ways(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var cln5 = await app.CompetencyAsync("lhs-clinician", "CLN5");
        var due = Today.AddMonths(2);

        var planned = await app.Get<PlanAction>().HandleAsync(
            new PlanActionCommand(nia.PersonId!.Value, ActingFixtures.Indicator, "Use back-up prescriptions", "Nia Tester", due, null, cln5, 3), nia);

        Assert.True(planned.Succeeded, Messages(planned));
        await using var db = app.NewDbContext();
        var action = await db.FeedbackActions.SingleAsync(a => a.Id == planned.Value);
        var goal = await db.LearningGoals.SingleAsync(g => g.Id == action.LearningGoalId);
        var plan = await db.LearningPlans.SingleAsync(p => p.Id == goal.PlanId);
        Assert.Equal((planned.Value, cln5, 3, (DateOnly?)due), (goal.FeedbackActionId!.Value, goal.CompetencyId, goal.TargetLevel, goal.TargetDate));
        Assert.Equal((cln5, Today, FeedbackActionStatus.Planned), (action.CompetencyId!.Value, action.StartDate, action.Status));
        Assert.Equal(nia.PersonId.Value, plan.PersonId);
        var source = (await app.Get<ActionsForGoals>().HandleAsync([planned.Value]))[planned.Value];
        Assert.Equal(ActingFixtures.Indicator, source.IndicatorId);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_plan_that_cannot_be_made_writes_nothing(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var ben = await app.ClinicianAsync("Ben");
        var cln5 = await app.CompetencyAsync("lhs-clinician", "CLN5");
        var plan = app.Get<PlanAction>();

        var pastDue = await plan.HandleAsync(new PlanActionCommand(nia.PersonId!.Value, ActingFixtures.Indicator, "Audit", "Nia", Today.AddDays(-1), null), nia);
        var noAction = await plan.HandleAsync(new PlanActionCommand(nia.PersonId.Value, ActingFixtures.Indicator, " ", " ", Today, null), nia);
        var startAfterDue = await plan.HandleAsync(new PlanActionCommand(nia.PersonId.Value, ActingFixtures.Indicator, "Audit", "Nia", Today, Today.AddDays(3)), nia);
        var notOwn = await plan.HandleAsync(new PlanActionCommand(nia.PersonId.Value, ActingFixtures.Indicator, "Audit", "Ben", Today.AddDays(7), null), ben);
        // The level is checked by the learning plan, after the action has been written inside the transaction.
        var badGoal = await plan.HandleAsync(new PlanActionCommand(nia.PersonId.Value, ActingFixtures.Indicator, "Audit", "Nia", Today.AddDays(7), null, cln5, 9), nia);
        var unknownCompetency = await plan.HandleAsync(new PlanActionCommand(nia.PersonId.Value, ActingFixtures.Indicator, "Audit", "Nia", Today.AddDays(7), null, Guid.NewGuid(), 2), nia);

        Assert.Equal("DueDate", Assert.Single(pastDue.Problems).Field);
        Assert.Equal(["Action", "Owner"], noAction.Problems.Select(p => p.Field));
        Assert.Equal("StartDate", Assert.Single(startAfterDue.Problems).Field);
        Assert.Equal("PersonId", Assert.Single(notOwn.Problems).Field);
        Assert.Equal("GoalTargetLevel", Assert.Single(badGoal.Problems).Field);
        Assert.Equal("GoalCompetencyId", Assert.Single(unknownCompetency.Problems).Field);
        await using var db = app.NewDbContext();
        Assert.Equal(0, await db.FeedbackActions.CountAsync());
        Assert.Equal(0, await db.LearningGoals.CountAsync());
        Assert.Equal(0, await db.LearningPlans.CountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_the_owner_marks_an_action_done_or_dropped_from_the_current_version(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var ben = await app.ClinicianAsync("Ben");
        var id = (await app.Get<PlanAction>().HandleAsync(new PlanActionCommand(nia.PersonId!.Value, ActingFixtures.Indicator, "Audit", "Nia", Today.AddDays(7), null), nia)).Value;
        var update = app.Get<UpdateActionStatus>();

        var backToPlanned = await update.HandleAsync(new ActionStatusCommand(id, 0, FeedbackActionStatus.Planned), nia);
        var byBen = await update.HandleAsync(new ActionStatusCommand(id, 0, FeedbackActionStatus.Dropped), ben);
        var done = await update.HandleAsync(new ActionStatusCommand(id, 0, FeedbackActionStatus.Done), nia);
        var stale = await app.Get<UpdateActionStatus>().HandleAsync(new ActionStatusCommand(id, 0, FeedbackActionStatus.Dropped), nia);

        Assert.Equal("Status", Assert.Single(backToPlanned.Problems).Field);
        Assert.Equal("PersonId", Assert.Single(byBen.Problems).Field);
        Assert.True(done.Succeeded, Messages(done));
        Assert.Equal(ProblemKind.Conflict, Assert.Single(stale.Problems).Kind);
        await using var db = app.NewDbContext();
        Assert.Equal(FeedbackActionStatus.Done, (await db.FeedbackActions.SingleAsync(a => a.Id == id)).Status);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Suggestions_come_from_the_person_s_real_gaps_and_the_indicator(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nia = await app.ClinicianAsync("Nia");
        var assessor = await app.PersonAsync("Lee", LearningHealth.Teams.DisciplineGroup.Strategy);
        await app.InitiativeAsync("audit-and-feedback", nia);
        await app.RateAsync(nia, "lhs-clinician", "CLN5", 1, assessor: assessor);
        await app.RateAsync(nia, "lhs-clinician", "CLN2", 3, assessor: assessor);
        var cln5Gap = (await app.Get<AnalyseGaps>().ForPersonAsync(nia.PersonId!.Value))!.Gaps.Single(g => g.Code == "CLN5");

        var rti = await app.Get<SuggestActions>().HandleAsync(nia.PersonId.Value, "rti-antibiotics");
        var reasons = await app.Get<SuggestActions>().HandleAsync(nia.PersonId.Value, "encounter-reason-recorded");

        Assert.Contains("Use back-up (delayed) prescriptions and safety-netting advice", rti.Actions);
        Assert.DoesNotContain(reasons.Actions, a => a.Contains("back-up", StringComparison.Ordinal));
        // CLN2 is at 3, above the default target of 2 and not a gap: not suggested.
        Assert.Equal(["CLN5"], rti.Competencies.Select(c => c.Code));
        var cln5 = rti.Competencies.Single();
        Assert.Equal((cln5Gap.Required, (int?)1), (cln5.TargetLevel, cln5.CurrentLevel));
        Assert.Contains(cln5Gap.Initiatives.Single(), cln5.Because, StringComparison.Ordinal);
        // Recording reasons adds "know how recorded data is used", unrated, at the default target.
        var cln1 = reasons.Competencies.Single(c => c.Code == "CLN1");
        Assert.Equal((SuggestActions.DefaultTargetLevel, (int?)null), (cln1.TargetLevel, cln1.CurrentLevel));
        Assert.Contains(rti.GoalChoices, c => c.Code == "CLN6");
    }
}
