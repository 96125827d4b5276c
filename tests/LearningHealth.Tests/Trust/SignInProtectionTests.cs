using System.Net;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LearningHealth.Tests.Trust;

[Collection(WebCollection.Name)]
public sealed class SignInProtectionTests(WebApps apps)
{
    [Fact]
    public async Task The_eleventh_sign_in_post_from_one_client_within_a_minute_gets_429_and_a_plain_page()
    {
        // An app of its own with the production limit; no demo, since failed attempts need no accounts.
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new LhsWebFactory(database) { SeedDemo = false, SignInPermitsPerMinute = 10 };
        var client = app.CreateBrowserLikeClient();

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            statuses.Add((await LhsWebFactory.SignInAsync(client, $"guess{attempt}@test.example", "not-a-password")).StatusCode);
        }

        var eleventh = await LhsWebFactory.SignInAsync(client, "guess11@test.example", "not-a-password");
        var form = await client.GetAsync("/account/sign-in");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.True(int.Parse(eleventh.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        var page = await eleventh.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"rate-limited\"", page, StringComparison.Ordinal);
        Assert.Contains("Too many sign-in attempts", page, StringComparison.Ordinal);
        // Showing the form is not limited, so the page saying "try again" still works.
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task A_limit_that_is_not_a_positive_whole_number_stops_the_app_with_the_setting_named()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new LhsWebFactory(database) { SeedDemo = false, SignInPermitsPerMinute = 0 };

        // The limiter is built with the app, so a bad setting stops start-up rather than the first sign-in.
        var error = Record.Exception(() => app.CreateBrowserLikeClient());

        Assert.NotNull(error);
        Assert.Contains("Security:SignInPermitsPerMinute must be a whole number above 0", error.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_cookie_is_secure_over_https_http_only_and_same_site_lax_and_the_antiforgery_cookie_is_http_only()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var account = app.Demo.For(Roles.Member);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

        var form = await client.GetAsync("/account/sign-in");
        var response = await LhsWebFactory.SignInAsync(client, account.Email, account.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lhs.auth=", StringComparison.Ordinal))
            .Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", session);
        Assert.Contains("httponly", session);
        Assert.Contains("samesite=lax", session);
        Assert.Contains("path=/", session);
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lhs.antiforgery=", StringComparison.Ordinal))
            .Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", antiforgery);
        Assert.Contains("samesite=strict", antiforgery);
        Assert.Equal("default-src 'self'", form.Headers.GetValues("Content-Security-Policy").Single().Split(';')[0]);
    }
}
