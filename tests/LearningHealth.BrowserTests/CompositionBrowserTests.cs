using System.Text.RegularExpressions;
using LearningHealth.BrowserTests.Pages;
using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class CompositionBrowserTests(BrowserServer server)
{
    [Fact]
    public async Task A_lead_runs_the_solver_sees_why_a_requirement_is_unmet_accepts_a_team_and_the_make_up_check_shows_what_remains()
    {
        var page = await server.NewPageAsync();
        var lead = server.Demo.For(Roles.Lead);
        var signIn = new SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(lead.Email, lead.Password);
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + "/");

        await page.GotoAsync("/team/initiatives");
        await page.GetByRole(AriaRole.Link, new() { Name = "Video outpatient clinics for everyone" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Propose a team" }).ClickAsync();
        // A team of three cannot meet a programme that needs seven people, so something must be explained.
        await page.GetByLabel("Largest team").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose teams" }).ClickAsync();

        var firstTeam = page.GetByTestId("proposal").First;
        await Assertions.Expect(firstTeam.GetByTestId("unmet")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(firstTeam.GetByTestId("unmet").Locator("li").First).ToContainTextAsync(new Regex(@"\w+"));

        await firstTeam.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept team 1") }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/team/initiatives/[0-9a-f-]{36}(#.*)?$"));
        await Assertions.Expect(page.GetByTestId("members").Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("gaps")).ToContainTextAsync("Needs");
    }
}
