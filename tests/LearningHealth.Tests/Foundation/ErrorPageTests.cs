using System.Net;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LearningHealth.Tests.Foundation;

[Collection(WebCollection.Name)]
public sealed class ErrorPageTests(WebApps apps)
{
    [Fact]
    public async Task A_missing_page_says_so_plainly()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Member);

        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);

        var response = await app.CreateBrowserLikeClient().GetAsync("/account/sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_a_working_database()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task When_the_database_is_down_the_app_still_runs_and_says_so_in_plain_words()
    {
        // Nothing listens on port 1, so every database call fails the way it does when the server is down.
        await using var app = new DatabaseDownFactory();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var health = await client.GetAsync("/health");
        var signInPage = await client.GetAsync("/account/sign-in");
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/account/sign-in");
        var signIn = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "someone@test.example",
            ["Password"] = "any-password-at-all",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        var page = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("The database is not available", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", page, StringComparison.Ordinal);
    }

    private sealed class DatabaseDownFactory : WebApplicationFactory<Program>
    {
        private readonly string dataDir = Directory.CreateTempSubdirectory("lhs-down-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DataDir", dataDir);
            builder.UseSetting("Db", "Host=127.0.0.1;Port=1;Database=lhs;Username=lhs;Timeout=2");
        }
    }
}
