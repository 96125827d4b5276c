using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Foundation;

public sealed class OpenIdConnectTests
{
    [Fact]
    public async Task When_an_identity_provider_is_configured_the_sign_in_page_offers_it()
    {
        await using var app = new OidcFactory();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/account/sign-in");

        Assert.Contains("Sign in with Northfield Smartcard", page, StringComparison.Ordinal);
        var schemes = await app.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        Assert.Contains(schemes, s => s.Name == "OpenIdConnect");
    }

    [Fact]
    public async Task Without_configuration_no_external_sign_in_is_offered()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var app = new LhsWebFactory(database);

        var page = await app.CreateClient().GetStringAsync("/account/sign-in");

        Assert.DoesNotContain("Sign in with", page, StringComparison.Ordinal);
    }

    private sealed class OidcFactory : WebApplicationFactory<Program>
    {
        private readonly string dataDir = Directory.CreateTempSubdirectory("lhs-oidc-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("DataDir", dataDir);
            builder.UseSetting("Authentication:Oidc:Authority", "https://login.test.example/tenant");
            builder.UseSetting("Authentication:Oidc:ClientId", "learninghealth");
            builder.UseSetting("Authentication:Oidc:DisplayName", "Northfield Smartcard");
        }
    }
}
