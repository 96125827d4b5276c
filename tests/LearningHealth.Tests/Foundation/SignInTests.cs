using System.Net;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Foundation;

[Collection(WebCollection.Name)]
public sealed class SignInTests(WebApps apps)
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Demo_user_signs_in_and_sees_their_dashboard(string provider)
    {
        var app = await apps.ForAsync(provider);
        var lead = app.Demo.For(Roles.Lead);
        var client = app.CreateBrowserLikeClient();

        var response = await LhsWebFactory.SignInAsync(client, lead.Email, lead.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains($"Hello, {lead.Name}", dashboard, StringComparison.Ordinal);
        // The demo always has fixed-term engagements ending within 90 days, which are a Lead's to act on.
        Assert.Contains("within 90 days", dashboard, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Wrong_password_shows_an_error_and_starts_no_session(string provider)
    {
        var app = await apps.ForAsync(provider);
        var client = app.CreateBrowserLikeClient();

        var response = await LhsWebFactory.SignInAsync(client, app.Demo.For(Roles.Analyst).Email, "not-the-password-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The e-mail address or password is not right", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("lhs.auth=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/sign-in", home.Headers.Location?.PathAndQuery ?? home.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failed_attempts_lock_the_account_even_against_the_right_password()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        CreatedUser user;
        using (var scope = app.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<CreateUser>()
                .HandleAsync(new CreateUserCommand($"lockout-{Guid.NewGuid():N}@test.example", "Lock Out", [Roles.Member]));
            user = outcome.Value!;
        }

        var client = app.CreateBrowserLikeClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await LhsWebFactory.SignInAsync(client, user.Email, "wrong-password-" + attempt);
        }

        var response = await LhsWebFactory.SignInAsync(client, user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("locked", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Member);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/");

        var signOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var account = app.Demo.For(Roles.Member);
        var client = app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = account.Email,
            ["Password"] = account.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_off_site(string returnUrl)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var account = app.Demo.For(Roles.Member);
        var client = app.CreateBrowserLikeClient();
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/account/sign-in");

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = account.Email,
            ["Password"] = account.Password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
