using Microsoft.Playwright;

namespace LearningHealth.BrowserTests.Pages;

/// <summary>The sign-in page, as a person uses it.</summary>
public sealed class SignInPage(IPage page)
{
    public async Task OpenAsync() => await page.GotoAsync("/account/sign-in");

    public async Task SignInAsync(string email, string password)
    {
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public ILocator Error => page.GetByTestId("sign-in-error");
}
