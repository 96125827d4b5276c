using System.Net;
using System.Text.Json;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearningHealth.Tests.Foundation;

[Collection(WebCollection.Name)]
public sealed class AuthorizationTests(WebApps apps)
{
    [Fact]
    public async Task Every_endpoint_names_its_policy_or_explicitly_allows_anonymous_access()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var unnamed = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy)))
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.True(endpoints.Count > 10, "The app's endpoints should be enumerated.");
        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task Anything_without_a_policy_still_needs_a_signed_in_user()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var options = app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        Assert.NotNull(options.FallbackPolicy);
        Assert.Contains(options.FallbackPolicy!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/team/people")]
    [InlineData("/admin/users")]
    [InlineData("/api-reference")]
    public async Task Pages_send_anonymous_visitors_to_sign_in(string path)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var response = await app.CreateBrowserLikeClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/people")]
    [InlineData("/api/organisations")]
    [InlineData("/api/me")]
    [InlineData("/openapi/v1.json")]
    public async Task The_api_answers_anonymous_callers_with_401(string path)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var response = await app.CreateBrowserLikeClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Lead, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Clinician, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Member, HttpStatusCode.Forbidden)]
    [InlineData(Roles.PatientPartner, HttpStatusCode.Forbidden)]
    [InlineData(Roles.WorkforcePlanner, HttpStatusCode.Forbidden)]
    public async Task Only_admins_open_the_user_admin_page(string role, HttpStatusCode expected)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(role);

        var response = await client.GetAsync("/admin/users");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("You do not have access to this page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Clinician)]
    public async Task Team_members_see_everyone_s_contact_details(string role)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(role);

        using var people = JsonDocument.Parse(await client.GetStringAsync("/api/people"));

        var emails = people.RootElement.EnumerateArray().Select(p => p.GetProperty("email")).ToList();
        Assert.True(emails.Count >= 55);
        Assert.All(emails, e => Assert.Equal(JsonValueKind.String, e.ValueKind));
    }

    [Fact]
    public async Task Patient_partners_see_only_the_contact_details_of_leads()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.PatientPartner);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningHealth.Persistence.AppDbContext>();
        var leads = db.ProgrammeLeads.Select(l => l.PersonId).Concat(db.InitiativeMembers.Where(m => m.IsLead).Select(m => m.PersonId)).ToHashSet();

        using var people = JsonDocument.Parse(await client.GetStringAsync("/api/people"));

        var rows = people.RootElement.EnumerateArray().Select(p => (Id: p.GetProperty("id").GetGuid(), Email: p.GetProperty("email"))).ToList();
        Assert.NotEmpty(leads);
        Assert.All(rows, r => Assert.Equal(leads.Contains(r.Id), r.Email.ValueKind == JsonValueKind.String));
        Assert.Contains(rows, r => r.Email.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_json_api()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Analyst);

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/people", paths);
        Assert.Contains("/api/people/{id}", paths);
        Assert.Contains("/api/me", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }
}
