using System.Text.RegularExpressions;
using LearningHealth.BrowserTests.Pages;
using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class TeamBrowserTests(BrowserServer server)
{
    [Fact]
    public async Task A_lead_starts_an_initiative_from_a_template_sees_its_gaps_adds_a_person_and_the_gap_closes()
    {
        var page = await server.NewPageAsync();
        var lead = server.Demo.For(Roles.Lead);
        var partner = server.Demo.For(Roles.PatientPartner);
        var signIn = new SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(lead.Email, lead.Password);
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + "/");
        var initiatives = new InitiativePages(page);

        await initiatives.StartAsync("Audit and feedback on practice", "Statin prescribing feedback");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/team/initiatives/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Statin prescribing feedback");
        await Assertions.Expect(initiatives.Gaps).ToContainTextAsync("Needs 1 patient partner; has 0.");

        await initiatives.AddToTeamAsync($"{partner.Name} (Volunteer)", "0.05");

        await Assertions.Expect(initiatives.Members).ToContainTextAsync(partner.Name);
        await Assertions.Expect(initiatives.Gaps).Not.ToContainTextAsync("patient partner");
        await Assertions.Expect(initiatives.Gaps).ToContainTextAsync("Needs 2 clinicians; has 0.");
    }
}
