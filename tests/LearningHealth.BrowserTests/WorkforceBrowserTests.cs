using LearningHealth.BrowserTests.Pages;
using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class WorkforceBrowserTests(BrowserServer server)
{
    [Fact]
    public async Task A_workforce_planner_projects_the_example_sees_fan_charts_and_plans_an_intake()
    {
        var page = await server.NewPageAsync();
        var planner = server.Demo.For(Roles.WorkforcePlanner);
        var signIn = new SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(planner.Email, planner.Password);
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + "/");

        await page.GotoAsync(server.BaseUrl + "/workforce");
        await page.GetByLabel("Monte Carlo runs (0 for none)").FillAsync("200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Project", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("comparison")).ToContainTextAsync("Clinical informatician");
        await Assertions.Expect(page.Locator("svg.fan-chart")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByText("Bands from 200 Monte Carlo runs, seed 1")).ToBeVisibleAsync();

        await page.GetByLabel("Role", new() { Exact = true }).FillAsync("Data scientist");
        await page.GetByLabel("Target year").FillAsync("2035");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find the intake" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("intake-answer")).ToContainTextAsync("to 'Graduate scheme' from");
    }
}
