using System.Net;
using System.Text.RegularExpressions;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Workforce;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Workforce;

[Collection(WebCollection.Name)]
public sealed partial class WorkforcePagesTests(WebApps apps)
{
    [Theory]
    [InlineData(Roles.WorkforcePlanner, HttpStatusCode.OK)]
    [InlineData(Roles.Lead, HttpStatusCode.OK)]
    [InlineData(Roles.Admin, HttpStatusCode.OK)]
    [InlineData(Roles.Member, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Analyst, HttpStatusCode.Forbidden)]
    [InlineData(Roles.PatientPartner, HttpStatusCode.Forbidden)]
    public async Task Workforce_pages_are_for_planners_leads_and_admins(string role, HttpStatusCode expected)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(role);

        Assert.Equal(expected, (await client.GetAsync("/workforce")).StatusCode);
        Assert.Equal(expected, (await client.GetAsync("/workforce/wisn")).StatusCode);
    }

    [Fact]
    public async Task Projecting_the_example_shows_variants_fan_charts_and_gap_tables()
    {
        var (client, token) = await OpenAsync("/workforce");

        var response = await client.PostAsync("/workforce?handler=Project", Form(token, ("ScenarioJson", WorkforceExamples.Scenario), ("Runs", "300"), ("Seed", "5")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"comparison\"", html, StringComparison.Ordinal);
        Assert.Contains("pessimistic: gap in 2035", html, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(html, "<svg "));
        Assert.Equal(4, Regex.Count(html, "class=\"supply-band\""));
        Assert.Contains("Bands from 300 Monte Carlo runs, seed 5", html, StringComparison.Ordinal);
        Assert.Contains("<td>2026</td><td>5.6</td><td>7.5</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_figures_are_shown_and_applying_them_rewrites_the_scenario()
    {
        var (client, token) = await OpenAsync("/workforce");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/workforce"));
        Assert.Contains("name=\"Figures[1].DemandFte\" value=\"7\"", page, StringComparison.Ordinal);
        Assert.Contains("by age band (edit in JSON)", page, StringComparison.Ordinal);

        // The table as the browser posts it: every row, with the data scientist's figures changed.
        var fields = FigureInputs().Matches(page).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.True(fields.Count > 20);
        fields["Figures[1].AttritionRate"] = "0.2";
        fields["Figures[1].DemandFte"] = "20";
        var response = await client.PostAsync("/workforce?handler=Apply", Form(token,
            [("ScenarioJson", WorkforceExamples.Scenario), ("Runs", "0"), .. fields.Select(f => (f.Key, f.Value))]));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("name=\"Figures[1].DemandFte\" value=\"20\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Figures[1].AttritionRate\" value=\"0.2\"", html, StringComparison.Ordinal);
        // Roles not posted keep their figures: the clinical informatician still needs 6 FTE.
        Assert.Contains("name=\"Figures[0].DemandFte\" value=\"6\"", html, StringComparison.Ordinal);
        // Data scientist in 2026: 3 − 3 × 0.2 + 1.5 recruits = 3.9; demand 20.
        Assert.Contains("<td>2026</td><td>3.9</td><td>20.0</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_scenario_shows_the_field_and_answers_422()
    {
        var (client, token) = await OpenAsync("/workforce");
        var bad = WorkforceExamples.Scenario.Replace("\"attritionRate\": 0.25", "\"attritionRate\": 2.5", StringComparison.Ordinal);

        var response = await client.PostAsync("/workforce?handler=Project", Form(token, ("ScenarioJson", bad), ("Runs", "0")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("roles[3].attritionRate is a rate and must be between 0 and 1; it is 2.5", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_projection_exports_as_csv()
    {
        var (client, token) = await OpenAsync("/workforce");

        var response = await client.PostAsync("/workforce?handler=Csv", Form(token, ("ScenarioJson", WorkforceExamples.Scenario), ("Runs", "50")));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("projection.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("variant,role,year,supply,demand,gap,", csv, StringComparison.Ordinal);
        Assert.Equal(1 + (3 * 4 * 10), csv.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task The_intake_plan_is_shown_and_a_target_inside_the_lead_time_is_explained()
    {
        var (client, token) = await OpenAsync("/workforce");

        var plan = await client.PostAsync("/workforce?handler=Solve", Form(token, ("ScenarioJson", WorkforceExamples.Scenario), ("Runs", "0"), ("SolveRole", "Data scientist"), ("TargetYear", "2035")));
        var tooSoon = await client.PostAsync("/workforce?handler=Solve", Form(token, ("ScenarioJson", WorkforceExamples.Scenario), ("Runs", "0"), ("SolveRole", "Clinical informatician"), ("TargetYear", "2027")));

        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.Contains("data-testid=\"intake-answer\"", await plan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("to &#x27;Graduate scheme&#x27;", await plan.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSoon.StatusCode);
        Assert.Contains("2028 at the earliest", WebUtility.HtmlDecode(await tooSoon.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_from_the_registry_fills_the_editor_with_the_demo_team()
    {
        var (client, token) = await OpenAsync("/workforce");

        var response = await client.PostAsync("/workforce?handler=Draft", Form(token));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"group\": \"DigitalAndInformatics\"", html, StringComparison.Ordinal);
        Assert.Contains("In the team registry today", html, StringComparison.Ordinal);

        var byTitle = WebUtility.HtmlDecode(await (await client.PostAsync("/workforce?handler=Draft&byRoleTitle=true", Form(token))).Content.ReadAsStringAsync());
        Assert.Contains("\"roleTitle\": ", byTitle, StringComparison.Ordinal);
        Assert.Contains("formaction=\"/workforce?byRoleTitle=true&amp;handler=Draft\"", await client.GetStringAsync("/workforce"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registry_draft_matches_current_engagements_and_is_a_valid_scenario()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningHealth.Persistence.AppDbContext>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var current = db.Engagements.Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today)).Select(e => e.Fte).ToList().Sum();

        var draft = await scope.ServiceProvider.GetRequiredService<DraftFromRegistry>().HandleAsync(10);
        var titles = await scope.ServiceProvider.GetRequiredService<DraftFromRegistry>().HandleAsync(10, byRoleTitle: true);

        Assert.Equal((double)current, draft.Scenario.Roles!.Sum(r => r.Supply!.Fte!.Value), 6);
        Assert.Equal((double)current, draft.ByRoleTitle.Sum(r => r.Fte), 6);
        Assert.Equal((double)current, titles.Scenario.Roles!.Sum(r => r.Supply!.Fte!.Value), 6);
        Assert.Equal(draft.ByRoleTitle.Count, titles.Scenario.Roles!.Count);
        Assert.All(titles.Scenario.Roles!, r => Assert.NotNull(r.Supply!.Group));
        foreach (var scenario in new[] { draft.Scenario, titles.Scenario })
        {
            var parsed = ScenarioFile.Parse(ScenarioFile.Write(scenario));
            Assert.True(parsed.Succeeded, string.Join("; ", parsed.Problems.Select(p => p.Message)));
        }
    }

    [Fact]
    public async Task The_wisn_page_shows_the_worked_example()
    {
        var (client, token) = await OpenAsync("/workforce/wisn");

        var response = await client.PostAsync("/workforce/wisn", Form(token, ("StudyJson", WorkforceExamples.WisnStudy)));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<td>3.73</td>", html, StringComparison.Ordinal);
        Assert.Contains("0.80 (shortage)", html, StringComparison.Ordinal);
    }

    private async Task<(HttpClient Client, string Token)> OpenAsync(string page)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.WorkforcePlanner);
        var html = await client.GetStringAsync(page);
        return (client, WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value));
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<input name=\"(Figures\\[\\d+\\]\\.\\w+)\" value=\"([^\"]*)\"")]
    private static partial Regex FigureInputs();
}

[Collection(WebCollection.Name)]
public sealed partial class SavedScenarioPagesTests(WebApps apps)
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_planner_saves_a_scenario_reopens_it_and_a_stale_save_is_refused(string provider)
    {
        var app = await apps.ForAsync(provider);
        var first = await app.SignedInAsync(Roles.WorkforcePlanner);
        var second = await app.SignedInAsync(Roles.Lead);
        var name = $"Saved {Guid.NewGuid():N}";
        var json = WorkforceExamples.Scenario.Replace("LHS scarce skills, 2026–2035", name, StringComparison.Ordinal);

        var save = await first.PostAsync("/workforce?handler=Save", Form(await TokenAsync(first), ("ScenarioJson", json)));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var opened = save.Headers.Location!.ToString();
        Assert.StartsWith("/workforce?id=", opened, StringComparison.Ordinal);

        // Both open version 0; the first saves again (version 1); the second's save from version 0 is refused.
        var firstPage = await first.GetStringAsync(opened);
        var secondPage = await second.GetStringAsync(opened);
        Assert.Contains(name, WebUtility.HtmlDecode(firstPage), StringComparison.Ordinal);
        var firstAgain = await first.PostAsync("/workforce?handler=Save", Form(Token(firstPage), ("ScenarioJson", json.Replace("\"horizonYears\": 10", "\"horizonYears\": 12", StringComparison.Ordinal)), ("OpenedVersion", "0")));
        var stale = await second.PostAsync("/workforce?handler=Save", Form(Token(secondPage), ("ScenarioJson", json), ("OpenedVersion", "0")));

        Assert.Equal(HttpStatusCode.Redirect, firstAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("since you opened it", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("\"horizonYears\": 12", WebUtility.HtmlDecode(await second.GetStringAsync(opened)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_scenario_is_not_saved()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.WorkforcePlanner);

        var save = await client.PostAsync("/workforce?handler=Save", Form(await TokenAsync(client), ("ScenarioJson", """{ "name": "Broken" }""")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, save.StatusCode);
        Assert.Contains("startYear is required", await save.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> TokenAsync(HttpClient client) => Token(await client.GetStringAsync("/workforce"));

    private static string Token(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", token)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
