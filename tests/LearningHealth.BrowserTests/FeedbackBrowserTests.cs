using System.Globalization;
using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class FeedbackBrowserTests(BrowserServer server)
{
    [Fact]
    public async Task A_clinician_reads_feedback_questions_the_data_plans_an_action_that_becomes_a_goal_and_sees_the_analysts_answer()
    {
        var question = "Some of these consultations were follow-ups for the same infection " + Guid.NewGuid().ToString("N")[..6];
        var action = "Offer back-up prescriptions with safety-netting advice " + Guid.NewGuid().ToString("N")[..6];
        var answer = "Checked against the record: the consultations are separate episodes, so the count stands.";

        // My practice: the antibiotic card says in words that the clinician is above the expected range.
        var clinician = await server.SignedInPageAsync(Roles.Clinician);
        await clinician.GotoAsync("/learning-cycle");
        await clinician.GetByRole(AriaRole.Link, new() { Name = "My practice", Exact = true }).ClickAsync();
        var card = clinician.GetByTestId("practice-rti-antibiotics");
        await Assertions.Expect(card.GetByTestId("interpretation")).ToContainTextAsync("99.8%");
        await card.GetByRole(AriaRole.Link, new() { Name = "Antibiotics prescribed for respiratory tract infections" }).ClickAsync();
        await Assertions.Expect(clinician.GetByTestId("interpretation")).ToContainTextAsync("above the range");
        await Assertions.Expect(clinician.GetByTestId("chart-spc").Locator("svg[role='img']")).ToHaveCountAsync(1);

        // Question a data point.
        await clinician.GetByTestId("respond").ClickAsync();
        var questionForm = clinician.GetByTestId("question-form");
        await questionForm.GetByLabel("What looks wrong?").FillAsync(question);
        await questionForm.GetByRole(AriaRole.Button, new() { Name = "Send to the analysts" }).ClickAsync();
        await Assertions.Expect(clinician.GetByTestId("questions-list")).ToContainTextAsync(question);

        // An action plan that becomes a goal in the learning plan, tied to a competency.
        var actionForm = clinician.GetByTestId("action-form");
        await actionForm.GetByLabel("What will you do? (a specific action)").FillAsync(action);
        await actionForm.GetByLabel("Who will do it?").FillAsync("Me");
        await actionForm.GetByLabel("Due date").FillAsync(DateTime.UtcNow.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await actionForm.GetByLabel("Make this a learning-plan goal").CheckAsync();
        await actionForm.GetByLabel("Competency").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await actionForm.GetByLabel("Target level").SelectOptionAsync(new SelectOptionValue { Index = 3 });
        await actionForm.GetByRole(AriaRole.Button, new() { Name = "Save the action" }).ClickAsync();
        var actions = clinician.GetByTestId("actions-list");
        await Assertions.Expect(actions).ToContainTextAsync(action);
        await actions.Locator("tr", new() { HasText = action }).GetByTestId("goal-link").ClickAsync();
        await Assertions.Expect(clinician.GetByTestId("from-feedback").First).ToContainTextAsync("From feedback on Antibiotics prescribed");

        // The analyst answers the question from the queue.
        var analyst = await server.SignedInPageAsync(Roles.Analyst);
        await analyst.GotoAsync("/learning-cycle/data-questions");
        var item = analyst.GetByTestId("queue").Locator("li", new() { HasText = question });
        await item.GetByLabel("Confirmed: the data are right").CheckAsync();
        await item.GetByLabel("Answer").FillAsync(answer);
        await item.GetByRole(AriaRole.Button, new() { Name = "Send the answer" }).ClickAsync();
        await Assertions.Expect(analyst.GetByTestId("saved")).ToContainTextAsync("the clinician has been notified");

        // The clinician is told, and sees the answer beside the feedback.
        await clinician.GotoAsync("/learning-cycle/practice/rti-antibiotics");
        await Assertions.Expect(clinician.GetByTestId("notifications-link")).ToContainTextAsync("unread");
        await Assertions.Expect(clinician.GetByTestId("questions")).ToContainTextAsync(answer);
    }
}
