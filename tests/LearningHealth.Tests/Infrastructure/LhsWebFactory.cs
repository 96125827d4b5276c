using System.Net;
using System.Text.RegularExpressions;
using LearningHealth.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Infrastructure;

/// <summary>The real web app, in memory, on a test database of its own, with the demo organisation seeded.</summary>
public sealed partial class LhsWebFactory(TestDatabase database) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDir", Database.DataDir);
        builder.UseSetting("Db", Database.Db ?? "");
        builder.UseSetting("Demo", SeedDemo ? "true" : "false");
        // Every test signs in from the same in-memory client address; only the rate-limit test wants the real limit.
        builder.UseSetting("Security:SignInPermitsPerMinute", SignInPermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether to seed the demo organisation (the shared apps do; a factory for one narrow test may not).</summary>
    public bool SeedDemo { get; init; } = true;

    public int SignInPermitsPerMinute { get; init; } = 100_000;

    public DemoCredentials Demo => Services.GetRequiredService<DemoCredentials>();

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the real sign-in form, anti-forgery token and all.</summary>
    public async Task<HttpClient> SignedInAsync(string role)
    {
        var account = Demo.For(role);
        var client = CreateBrowserLikeClient();
        var response = await SignInAsync(client, account.Email, account.Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {role} failed with {(int)response.StatusCode}.");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client, "/account/sign-in");
        return await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No anti-forgery token on {page}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
