using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Composition;

[Collection(WebCollection.Name)]
public sealed partial class ProposePageTests(WebApps apps)
{
    [Fact]
    public async Task A_lead_proposes_teams_on_the_page_accepts_one_and_the_initiative_shows_it()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var id = await CreateAsync(lead, "Hip fracture follow-up on the page");

        var details = await lead.GetStringAsync($"/team/initiatives/{id}");
        var page = await lead.GetAsync($"/team/initiatives/{id}/propose?Run=true&Alternatives=2&Cap=30&MaxTeamSize=12");
        var html = await page.Content.ReadAsStringAsync();
        var first = html[html.IndexOf("data-testid=\"proposal\"", StringComparison.Ordinal)..];
        first = first[..first.IndexOf("</section>", StringComparison.Ordinal)];
        var form = HiddenInputs().Matches(first).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        form["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var accepted = await lead.PostAsync($"/team/initiatives/{id}/propose?handler=Accept", new FormUrlEncodedContent(form));
        using var scope = app.Services.CreateScope();
        var members = await scope.ServiceProvider.GetRequiredService<AppDbContext>().InitiativeMembers.Where(m => m.InitiativeId == id).CountAsync();

        Assert.Contains($"href=\"/team/initiatives/{id}/propose\"", details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(2, Regex.Count(html, "data-testid=\"proposal\""));
        Assert.Contains("What this team leaves unmet", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(form.Keys.Count(k => k.EndsWith(".PersonId", StringComparison.Ordinal)), members);
        Assert.True(members > 0);
    }

    [Fact]
    public async Task The_proposals_api_returns_teams_with_explanations_and_only_leads_may_use_it()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var member = await app.SignedInAsync(Roles.Member);
        var id = await CreateAsync(lead, "Hip fracture follow-up through the api");

        var response = await lead.PostAsJsonAsync($"/api/initiatives/{id}/proposals", new { alternatives = 2, maxTeamSize = 10, timeLimitSeconds = 5 });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var forbidden = await member.PostAsJsonAsync($"/api/initiatives/{id}/proposals", new { });
        var missing = await lead.PostAsJsonAsync($"/api/initiatives/{Guid.NewGuid()}/proposals", new { });
        var invalid = await lead.PostAsJsonAsync($"/api/initiatives/{id}/proposals", new { maxTeamSize = 0 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var teams = json.RootElement.GetProperty("teams");
        Assert.Equal(2, teams.GetArrayLength());
        Assert.True(teams[0].GetProperty("members").GetArrayLength() is > 0 and <= 10);
        Assert.True(teams[0].GetProperty("unmet").GetArrayLength() > 0);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task A_proposal_accepted_through_the_api_becomes_the_team()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var id = await CreateAsync(lead, "Hip fracture follow-up accepted through the api");
        var proposed = await lead.PostAsJsonAsync($"/api/initiatives/{id}/proposals", new { alternatives = 1, timeLimitSeconds = 5 });
        using var json = JsonDocument.Parse(await proposed.Content.ReadAsStringAsync());
        var members = json.RootElement.GetProperty("teams")[0].GetProperty("members").EnumerateArray()
            .Select(m => new { personId = m.GetProperty("personId").GetGuid(), group = m.GetProperty("group").GetString(), fte = m.GetProperty("fte").GetDecimal(), isLead = m.GetProperty("isLead").GetBoolean() })
            .ToList();

        var accepted = await lead.PostAsJsonAsync($"/api/initiatives/{id}/proposals/accept", new { members });
        using var details = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
        var refused = await lead.PostAsJsonAsync($"/api/initiatives/{id}/proposals/accept", new { members = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(members.Count, details.RootElement.GetProperty("members").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task People_chosen_on_the_page_to_include_or_exclude_are_respected()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var id = await CreateAsync(lead, "Hip fracture follow-up with preferences");
        var first = await lead.GetStringAsync($"/team/initiatives/{id}/propose?Run=true&Alternatives=1");
        var proposedIds = PersonLinks().Matches(first[first.IndexOf("data-testid=\"proposal\"", StringComparison.Ordinal)..]).Select(m => Guid.Parse(m.Groups[1].Value)).Distinct().ToList();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outsider = await db.People.Where(p => p.Discipline == LearningHealth.Teams.DisciplineGroup.Designer).Select(p => p.Id).ToListAsync();
        var include = outsider.First(o => !proposedIds.Contains(o));
        var exclude = proposedIds[0];

        var html = await lead.GetStringAsync($"/team/initiatives/{id}/propose?Run=true&Alternatives=1&MustInclude={include}&MustExclude={exclude}");
        var team = PersonLinks().Matches(html[html.IndexOf("data-testid=\"proposal\"", StringComparison.Ordinal)..]).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();

        Assert.Contains(include, team);
        Assert.DoesNotContain(exclude, team);
    }

    [Fact]
    public async Task Team_members_cannot_open_the_propose_page()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var member = await app.SignedInAsync(Roles.Member);
        using var scope = app.Services.CreateScope();
        var id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Initiatives.OrderBy(i => i.Title).Select(i => i.Id).FirstAsync();

        var page = await member.GetAsync($"/team/initiatives/{id}/propose");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    private static async Task<Guid> CreateAsync(HttpClient lead, string title)
    {
        var created = await lead.PostAsJsonAsync("/api/initiatives", new { templateKey = "patient-reported-outcomes", title, startDate = "2027-02-01" });
        using var initiative = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return initiative.RootElement.GetProperty("initiative").GetProperty("id").GetGuid();
    }

    [GeneratedRegex("<a href=\"/team/people/([0-9a-f-]{36})\">")]
    private static partial Regex PersonLinks();

    [GeneratedRegex("<input type=\"hidden\" name=\"(members\\[[^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInputs();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
