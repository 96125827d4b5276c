using System.Text.RegularExpressions;
using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SkillsBrowserTests(BrowserServer server)
{
    private static readonly PageAssertionsToHaveURLOptions Quick = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_clinician_self_assesses_withdraws_a_slip_an_assessor_confirms_and_the_gaps_and_suggestions_change()
    {
        var clinician = await server.SignedInPageAsync(Roles.Clinician);
        var name = server.Demo.For(Roles.Clinician).Name;
        var feedbackGap = clinician.GetByTestId("skill-gaps").Locator("tr[data-code='CLN5']");

        // Before: a gap on acting on feedback, and a suggested goal for it.
        await clinician.GotoAsync("/skills");
        await Assertions.Expect(feedbackGap).ToContainTextAsync("Below the level needed");
        await clinician.GotoAsync("/skills/plan");
        await Assertions.Expect(clinician.GetByTestId("suggestions").Locator("li[data-code='CLN5']")).ToHaveCountAsync(1);

        // The clinician rates themselves on the whole clinician framework, using the keyboard for one answer.
        await clinician.GotoAsync("/skills/self-assessment/lhs-clinician");
        var feedback = clinician.GetByRole(AriaRole.Group, new() { Name = "CLN5 Interpret and act on feedback on practice" });
        await feedback.GetByLabel(new Regex("3 Confident")).CheckAsync();
        await clinician.GetByRole(AriaRole.Group, new() { Name = "CLN4 Use data from outside the health system" }).GetByLabel(new Regex("1 Aware")).FocusAsync();
        await clinician.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(clinician.GetByRole(AriaRole.Group, new() { Name = "CLN4 Use data from outside the health system" }).GetByLabel(new Regex("2 Practising"))).ToBeCheckedAsync();
        await clinician.GetByRole(AriaRole.Button, new() { Name = "Submit for confirmation" }).ClickAsync();
        await Assertions.Expect(clinician.GetByTestId("saved")).ToContainTextAsync("submitted");

        // Self-rated at the level needed: the gap waits for confirmation and the suggestion goes.
        await clinician.GotoAsync("/skills");
        await Assertions.Expect(feedbackGap).ToContainTextAsync("not yet confirmed");
        await clinician.GotoAsync("/skills/plan");
        await Assertions.Expect(clinician.Locator("li[data-code='CLN5']")).ToHaveCountAsync(0);

        // The CLN4 answer was a slip: the clinician withdraws it before anyone reviews it.
        await clinician.GotoAsync("/skills");
        var withdrawCln4 = clinician.GetByRole(AriaRole.Button, new() { Name = "Withdraw CLN4 rating" });
        await withdrawCln4.ClickAsync();
        await Assertions.Expect(clinician).ToHaveURLAsync(server.BaseUrl + "/skills#ratings", Quick);
        await Assertions.Expect(withdrawCln4).ToHaveCountAsync(0);
        await Assertions.Expect(clinician.GetByTestId("ratings").Locator("tr[data-code='CLN4'][data-status='Withdrawn']")).ToContainTextAsync("Withdrawn");
        await Assertions.Expect(clinician.GetByTestId("ratings").Locator("tr[data-code='CLN4'][data-status='Submitted']")).ToHaveCountAsync(0);

        // A Lead confirms the new rating from the queue, where the withdrawn one no longer is.
        var lead = await server.SignedInPageAsync(Roles.Lead);
        await lead.GotoAsync("/skills/queue");
        await Assertions.Expect(lead.Locator($"tr[data-code='CLN4'][data-person='{name}']")).ToHaveCountAsync(0);
        var row = lead.Locator($"tr[data-code='CLN5'][data-person='{name}']").Filter(new() { HasText = "3 Confident" });
        await row.GetByRole(AriaRole.Button, new() { Name = $"Confirm CLN5 for {name}" }).ClickAsync();
        await Assertions.Expect(lead).ToHaveURLAsync(server.BaseUrl + "/skills/queue", Quick);
        await Assertions.Expect(lead.Locator($"tr[data-code='CLN5'][data-person='{name}']").Filter(new() { HasText = "3 Confident" })).ToHaveCountAsync(0);

        // The gap is closed for the clinician.
        await clinician.GotoAsync("/skills");
        await Assertions.Expect(feedbackGap).ToHaveCountAsync(0);
        await Assertions.Expect(clinician.GetByTestId("current-levels")).ToContainTextAsync("CLN5 Interpret and act on feedback on practice");
    }
}
