using LearningHealth.Demo;
using LearningHealth.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LearningHealth.BrowserTests;

/// <summary>
/// The real app on Kestrel (a free loopback port, a temporary SQLite database, the demo organisation) and Debian's
/// Chromium driven by Playwright. Playwright never downloads a browser here: it is pointed at /usr/bin/chromium.
/// </summary>
public sealed class BrowserServer : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string dataDir = Directory.CreateTempSubdirectory("lhs-browser-").FullName;
    private WebApplication? app;
    private IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public DemoCredentials Demo => app!.Services.GetRequiredService<DemoCredentials>();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's chromium at {ChromiumPath}: run `apt-get install chromium` (test.sh does this when run as root).");
        }

        // Browser tests sign in often from one address; the sign-in rate limit is tested elsewhere.
        app = WebApp.Build(["--urls=http://127.0.0.1:0", $"--DataDir={dataDir}", "--demo", "--Security:SignInPermitsPerMinute=1000"]);
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root in CI there is no sandbox to use; the rest keep Chromium from reaching for the network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl });
        return await context.NewPageAsync();
    }

    /// <summary>A new page signed in as the demo account of <paramref name="role"/>, on the home page.</summary>
    public async Task<IPage> SignedInPageAsync(string role)
    {
        var page = await NewPageAsync();
        var account = Demo.For(role);
        var signIn = new Pages.SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(account.Email, account.Password);
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/", new() { Timeout = 15_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // The folder is temporary; a file still closing is no reason to fail the run.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserServer>
{
    public const string Name = "browser";
}
