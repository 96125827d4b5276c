using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class RoutineDataBrowserTests(BrowserServer server)
{
    private static readonly PageAssertionsToHaveURLOptions Quick = new() { Timeout = 15_000 };

    private const string NewView = """
        {
          "resourceType": "ViewDefinition",
          "name": "browser_practitioners",
          "resource": "Practitioner",
          "status": "active",
          "select": [{ "column": [
            { "name": "id", "path": "getResourceKey()", "type": "string" },
            { "name": "family", "path": "name.family.first()", "type": "string" }
          ]}]
        }
        """;

    [Fact]
    public async Task An_analyst_sees_the_imported_data_and_views_adds_a_view_and_is_told_what_is_wrong_with_an_invalid_one()
    {
        var page = await server.SignedInPageAsync(Roles.Analyst);

        // From the learning cycle to the routine data page.
        await page.GotoAsync("/learning-cycle");
        await page.GetByRole(AriaRole.Link, new() { Name = "Routine data", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + "/learning-cycle/data", Quick);

        // The demo's imported resources, by type.
        var dataSets = page.GetByTestId("data-sets");
        foreach (var type in new[] { "Encounter", "Patient", "Practitioner" })
        {
            await Assertions.Expect(dataSets.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = type, Exact = true }) }))
                .ToHaveCountAsync(1);
        }

        // The demo's views; one view's first rows, opened.
        var views = page.GetByTestId("view");
        await Assertions.Expect(views.GetByRole(AriaRole.Heading, new() { Name = "encounter_flat", Exact = true })).ToBeVisibleAsync();
        var encounterFlat = views.Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "encounter_flat", Exact = true }) });
        var encounterRows = encounterFlat.GetByRole(AriaRole.Table, new() { Name = "First rows of encounter_flat" });
        await Assertions.Expect(encounterRows).Not.ToBeVisibleAsync();
        await encounterFlat.Locator("summary", new() { HasText = "First rows" }).ClickAsync();
        await Assertions.Expect(encounterRows).ToBeVisibleAsync();
        await Assertions.Expect(encounterRows.Locator("tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(encounterRows.GetByRole(AriaRole.Columnheader).First).Not.ToBeEmptyAsync();

        // An invalid view is refused with a message naming what is wrong, and the text is kept to be corrected.
        var definition = page.GetByLabel("ViewDefinition (JSON)");
        var broken = NewView.Replace("name.family.first()", "name.family.fly()", StringComparison.Ordinal);
        await definition.FillAsync(broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate and materialise" }).ClickAsync();
        var problems = page.GetByTestId("problems");
        await Assertions.Expect(problems).ToBeVisibleAsync();
        await Assertions.Expect(problems).ToContainTextAsync("select[0].column[1].path");
        await Assertions.Expect(problems).ToContainTextAsync("fly()");
        await Assertions.Expect(definition).ToHaveValueAsync(broken.Replace("\r\n", "\n", StringComparison.Ordinal));
        await Assertions.Expect(views.GetByRole(AriaRole.Heading, new() { Name = "browser_practitioners" })).ToHaveCountAsync(0);

        // A valid view is materialised and listed with its first rows, shown open.
        await definition.FillAsync(NewView);
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate and materialise" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("materialised")).ToContainTextAsync("browser_practitioners");
        await Assertions.Expect(page.GetByTestId("problems")).ToHaveCountAsync(0);
        var added = views.Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "browser_practitioners", Exact = true }) });
        await Assertions.Expect(added).ToContainTextAsync("From Practitioner resources");
        var addedRows = added.GetByRole(AriaRole.Table, new() { Name = "First rows of browser_practitioners" });
        await Assertions.Expect(addedRows).ToBeVisibleAsync();
        await Assertions.Expect(addedRows.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(["id", "family"]);
        await Assertions.Expect(addedRows.Locator("tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(addedRows.Locator("tbody tr").First.Locator("td").Nth(1)).Not.ToBeEmptyAsync();

        // Still there after a fresh load.
        await page.ReloadAsync();
        await Assertions.Expect(views.GetByRole(AriaRole.Heading, new() { Name = "browser_practitioners", Exact = true })).ToBeVisibleAsync();
    }
}
