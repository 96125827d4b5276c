using Microsoft.Playwright;

namespace LearningHealth.BrowserTests.Pages;

/// <summary>Starting an initiative and changing its team, as a Lead does it.</summary>
public sealed class InitiativePages(IPage page)
{
    public async Task StartAsync(string natureOfWork, string title)
    {
        await page.GotoAsync("/team/initiatives/new");
        await page.GetByLabel("Nature of work").SelectOptionAsync(new SelectOptionValue { Label = natureOfWork });
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start initiative" }).ClickAsync();
    }

    public ILocator Gaps => page.GetByTestId("gaps");

    public ILocator Members => page.GetByTestId("members");

    public async Task AddToTeamAsync(string personOption, string fte)
    {
        await page.GetByLabel("Person").SelectOptionAsync(new SelectOptionValue { Label = personOption });
        await page.GetByLabel("FTE for this work").FillAsync(fte);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to team" }).ClickAsync();
    }
}
