using System.Net;
using LearningHealth.Identity;
using LearningHealth.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Security;

/// <summary>
/// Request size limits, on Kestrel itself (the in-memory test server does not enforce them): a body over the global
/// cap is refused with 413 before any page reads it, and an upload page refuses a file over its own, smaller limit.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("lhs-limits-").FullName;
    private WebApplication? app;
    private string baseUrl = "";

    public async Task InitializeAsync()
    {
        app = WebApp.Build(["--urls=http://127.0.0.1:0", $"--DataDir={dataDir}", "--demo", "--Security:MaxRequestBytes=2000000"]);
        await app.StartAsync();
        baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
    }

    [Fact]
    public async Task A_body_over_the_global_limit_gets_413_and_an_upload_over_a_pages_limit_too()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new ByteArrayContent(new byte[3_000_000]) { Headers = { ContentType = new("application/x-www-form-urlencoded") } },
        };
        hugeRequest.Headers.ExpectContinue = true;
        using var huge = await anonymous.SendAsync(hugeRequest);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var account = app!.Services.GetRequiredService<LearningHealth.Demo.DemoCredentials>().For(Roles.Analyst);
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var analyst = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        Assert.Equal(HttpStatusCode.Redirect, (await Infrastructure.LhsWebFactory.SignInAsync(analyst, account.Email, account.Password)).StatusCode);
        var token = await Infrastructure.LhsWebFactory.AntiforgeryTokenAsync(analyst, "/learning-cycle/data");

        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[1_500_000]), "ViewFile", "view.json" },
        };
        // Expect: 100-continue, as browsers and curl send for large bodies: the refusal comes before the upload.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/learning-cycle/data") { Content = form };
        request.Headers.ExpectContinue = true;
        using var tooBig = await analyst.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
    }

    public async Task DisposeAsync()
    {
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
            // temporary
        }
    }
}
