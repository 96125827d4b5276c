using System.Text.RegularExpressions;
using LearningHealth.BrowserTests.Pages;
using LearningHealth.Identity;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class FoundationBrowserTests(BrowserServer server)
{
    private static readonly PageAssertionsToHaveURLOptions Quick = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_demo_user_signs_in_and_sees_the_dashboard()
    {
        var page = await server.NewPageAsync();
        var lead = server.Demo.For(Roles.Lead);
        var signIn = new SignInPage(page);

        await signIn.OpenAsync();
        await signIn.SignInAsync(lead.Email, lead.Password);

        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + "/", Quick);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Hello, {lead.Name}");
        await Assertions.Expect(page.GetByTestId("work-items")).ToContainTextAsync("within 90 days");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToContainTextAsync("Learning cycle");
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_no_session()
    {
        var page = await server.NewPageAsync();
        var signIn = new SignInPage(page);

        await signIn.OpenAsync();
        await signIn.SignInAsync(server.Demo.For(Roles.Analyst).Email, "this-is-the-wrong-password");

        await Assertions.Expect(signIn.Error).ToContainTextAsync("not right");
        var cookies = await page.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "lhs.auth");
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"), Quick);
    }

    [Fact]
    public async Task A_clinician_opening_an_admin_page_gets_the_forbidden_page()
    {
        var page = await server.NewPageAsync();
        var clinician = server.Demo.For(Roles.Clinician);
        var signIn = new SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(clinician.Email, clinician.Password);
        await Assertions.Expect(page).ToHaveURLAsync(server.BaseUrl + "/", Quick);

        var response = await page.GotoAsync("/admin/users");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.GetByTestId("error-title")).ToHaveTextAsync("You do not have access to this page");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var page = await server.NewPageAsync();
        var member = server.Demo.For(Roles.Member);
        var signIn = new SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(member.Email, member.Password);
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(member.Email);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"), Quick);
    }
}
