using System.Net;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Feedback;

[Collection(WebCollection.Name)]
public sealed class ActingOnFeedbackWebTests(WebApps apps)
{
    private const string Respond = "/learning-cycle/practice/rti-antibiotics/respond";
    private const string Queue = "/learning-cycle/data-questions";

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_question_goes_to_the_analysts_and_the_answer_comes_back_to_the_clinician(string provider)
    {
        var app = await apps.ForAsync(provider);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var text = $"Half of these were seen by a locum ({Guid.NewGuid():N}).";
        var reply = $"Checked against the rota: they were yours ({Guid.NewGuid():N}).";

        var page = await clinician.GetStringAsync(Respond);
        Assert.Contains("data-testid=\"question-form\"", page, StringComparison.Ordinal);
        Assert.Contains("Use back-up (delayed) prescriptions and safety-netting advice", page, StringComparison.Ordinal);
        var asked = await clinician.PostAsync($"{Respond}?handler=Question",
            Form(await LhsWebFactory.AntiforgeryTokenAsync(clinician, Respond), ("QuestionPeriod", ""), ("QuestionText", text)));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var queue = await analyst.GetStringAsync(Queue);
        Assert.Contains(text, queue, StringComparison.Ordinal);
        Guid id;
        long version;
        string userId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var question = await db.DataQuestions.AsNoTracking().SingleAsync(q => q.Question == text);
            (id, version) = (question.Id, question.Version);
            userId = await db.Users.Where(u => u.Email == "clinician@northfield.example").Select(u => u.Id).SingleAsync();
        }

        var token = await LhsWebFactory.AntiforgeryTokenAsync(analyst, Queue);
        var withoutOutcome = await analyst.PostAsync($"{Queue}?handler=Answer",
            Form(token, ("questionId", id.ToString()), ("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("answerText", reply)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutOutcome.StatusCode);
        Assert.Contains(reply, await withoutOutcome.Content.ReadAsStringAsync(), StringComparison.Ordinal); // What was typed is kept.

        var answered = await analyst.PostAsync($"{Queue}?handler=Answer",
            Form(token, ("questionId", id.ToString()), ("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("answerStatus", "Confirmed"), ("answerText", reply)));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var notification = await db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == userId && n.Body.Contains(reply));
            Assert.Equal((NotificationKind.DataQuestionResolved, "/learning-cycle/practice/rti-antibiotics"), (notification.Kind, notification.Link));
        }

        var after = await clinician.GetStringAsync(Respond);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(reply), after, StringComparison.Ordinal);
        Assert.Contains("Confirmed: the data are right", after, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_action_with_a_learning_goal_shows_its_change_test_and_the_plan_shows_where_it_came_from(string provider)
    {
        var app = await apps.ForAsync(provider);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = today.AddMonths(-6);
        var action = $"Safety-net instead of prescribing ({Guid.NewGuid():N})";
        Guid cln5;
        using (var scope = app.Services.CreateScope())
        {
            cln5 = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Competencies
                .Where(c => c.Framework!.Key == "lhs-clinician" && c.Code == "CLN5").OrderByDescending(c => c.Framework!.VersionNumber).Select(c => c.Id).FirstAsync();
        }

        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, Respond);
        var pastDue = await clinician.PostAsync($"{Respond}?handler=Action",
            Form(token, ("ActionText", action), ("ActionOwner", "Me"), ("ActionStart", start.ToString("yyyy-MM-dd")), ("ActionDue", today.AddDays(-1).ToString("yyyy-MM-dd"))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastDue.StatusCode);
        var refused = await pastDue.Content.ReadAsStringAsync();
        Assert.Contains("DueDate: The due date", refused, StringComparison.Ordinal);
        Assert.Contains(action, refused, StringComparison.Ordinal);

        var planned = await clinician.PostAsync($"{Respond}?handler=Action",
            Form(token, ("ActionText", action), ("ActionOwner", "Me"), ("ActionStart", start.ToString("yyyy-MM-dd")), ("ActionDue", today.AddMonths(1).ToString("yyyy-MM-dd")),
                ("MakeGoal", "true"), ("GoalCompetencyId", cln5.ToString()), ("GoalTargetLevel", "3")));
        Assert.Equal(HttpStatusCode.Redirect, planned.StatusCode);

        ActionEffectResult expected;
        Guid personId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            personId = await db.Users.Where(u => u.Email == "clinician@northfield.example").Select(u => u.PersonId!.Value).SingleAsync();
            var series = await scope.ServiceProvider.GetRequiredService<ActionEffect>().SeriesAsync(personId, "rti-antibiotics");
            Assert.True(series.Count > ActionEffect.MinimumBaseline, "The demo clinician has a charted antibiotic series.");
            expected = ActionEffect.Test(series, start, LearningHealth.Statistics.ImprovementDirection.Decrease);
        }

        var page = await clinician.GetStringAsync(Respond);
        Assert.Contains(action, page, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(expected.Sentence), page, StringComparison.Ordinal);
        Assert.NotEqual(ChangeVerdict.NotEnoughBaseline, expected.Verdict);
        Assert.Contains($"/skills/people/{personId}/plan", page, StringComparison.Ordinal);
        var plan = await clinician.GetStringAsync($"/skills/people/{personId}/plan");
        var title = IndicatorLibrary.BuiltIn.Single(i => i.Id == "rti-antibiotics").Title;
        Assert.Contains($"From feedback on {System.Net.WebUtility.HtmlEncode(title)}", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clinician_cannot_answer_questions_and_a_patient_partner_cannot_open_the_respond_page()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var partner = await app.SignedInAsync(Roles.PatientPartner);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, Respond);

        var queue = await clinician.GetAsync(Queue);
        var answer = await clinician.PostAsync($"{Queue}?handler=Answer",
            Form(token, ("questionId", Guid.NewGuid().ToString()), ("version", "0"), ("answerStatus", "Confirmed"), ("answerText", "Fine")));
        var respond = await partner.GetAsync(Respond);

        Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, respond.StatusCode);
    }

    [Fact]
    public async Task An_empty_comment_is_refused_beside_the_field()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, Respond);

        var response = await clinician.PostAsync($"{Respond}?handler=Comment", Form(token, ("CommentText", "  ")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Write the comment.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
