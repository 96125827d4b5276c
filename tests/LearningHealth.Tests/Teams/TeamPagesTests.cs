using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Teams;

[Collection(WebCollection.Name)]
public sealed partial class TeamPagesTests(WebApps apps)
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_leads_editing_the_same_person_the_second_save_is_refused_with_a_clear_message(string provider)
    {
        var app = await apps.ForAsync(provider);
        var first = await app.SignedInAsync(Roles.Lead);
        var second = await app.SignedInAsync(Roles.Admin);
        Guid personId;
        using (var scope = app.Services.CreateScope())
        {
            personId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().People
                .Where(p => p.Discipline == LearningHealth.Teams.DisciplineGroup.Researcher).OrderBy(p => p.FamilyName).Select(p => p.Id).LastAsync();
        }

        var page = $"/team/people/{personId}/edit";
        var firstForm = await FormAsync(first, page);
        var secondForm = await FormAsync(second, page);
        firstForm["Phone"] = "0161 496 1111";
        secondForm["Phone"] = "0161 496 2222";

        var firstSave = await first.PostAsync(page, new FormUrlEncodedContent(firstForm));
        var secondSave = await second.PostAsync(page, new FormUrlEncodedContent(secondForm));

        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, secondSave.StatusCode);
        Assert.Contains("Someone else saved this person", WebUtility.HtmlDecode(await secondSave.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Contains("0161 496 1111", await first.GetStringAsync($"/team/people/{personId}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.PatientPartner)]
    [InlineData(Roles.Clinician)]
    public async Task Team_members_read_initiatives_but_cannot_change_their_teams(string role)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(role);
        var id = await FirstInitiativeAsync(app);

        var page = await client.GetAsync($"/team/initiatives/{id}");
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken(html);
        var add = await client.PostAsync($"/team/initiatives/{id}?handler=AddMember", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["PersonId"] = Guid.NewGuid().ToString(), ["Fte"] = "0.2", ["__RequestVerificationToken"] = token,
        }));
        var api = await client.PostAsJsonAsync($"/api/initiatives/{id}/members", new { personId = Guid.NewGuid(), fte = 0.2, isLead = false });
        var newPage = await client.GetAsync("/team/initiatives/new");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Make-up check", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"add-member\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, add.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, newPage.StatusCode);
    }

    [Fact]
    public async Task A_lead_starts_an_initiative_through_the_api_and_adds_a_member()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        using var people = JsonDocument.Parse(await lead.GetStringAsync("/api/people?discipline=PatientsAndPublic"));
        var partner = people.RootElement[0].GetProperty("id").GetGuid();

        var created = await lead.PostAsJsonAsync("/api/initiatives", new { templateKey = "digital-inclusion", title = "Digital access in maternity", startDate = "2027-02-01" });
        using var initiative = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = initiative.RootElement.GetProperty("initiative").GetProperty("id").GetGuid();
        var gapsBefore = initiative.RootElement.GetProperty("makeUp").GetProperty("gaps").GetArrayLength();
        var added = await lead.PostAsJsonAsync($"/api/initiatives/{id}/members", new { personId = partner, fte = 0.1, isLead = true });
        using var after = JsonDocument.Parse(await added.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Proposed", initiative.RootElement.GetProperty("initiative").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.True(after.RootElement.GetProperty("makeUp").GetProperty("gaps").GetArrayLength() < gapsBefore);
    }

    [Fact]
    public async Task The_api_refuses_a_bad_initiative_with_the_fields_named()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);

        var response = await lead.PostAsJsonAsync("/api/initiatives", new { templateKey = "nope", title = "", startDate = "2027-02-01" });
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("Title", out _));
        Assert.True(errors.TryGetProperty("TemplateKey", out _));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Through_the_api_a_lead_adds_a_person_and_a_stale_update_gets_409(string provider)
    {
        var app = await apps.ForAsync(provider);
        var lead = await app.SignedInAsync(Roles.Lead);
        var email = $"api-{Guid.NewGuid():N}@test.example";
        var person = new { version = 0, givenName = "Api", familyName = "Person", email, discipline = "Researcher" };

        var created = await lead.PostAsJsonAsync("/api/people", person);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetGuid();
        var firstUpdate = await lead.PutAsJsonAsync($"/api/people/{id}", person with { givenName = "First" });
        var staleUpdate = await lead.PutAsJsonAsync($"/api/people/{id}", person with { givenName = "Stale" });
        var duplicate = await lead.PostAsJsonAsync("/api/people", person);
        var invalid = await lead.PostAsJsonAsync("/api/people", new { version = 0, givenName = "", familyName = "X", discipline = "Researcher" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, firstUpdate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleUpdate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("GivenName", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var after = JsonDocument.Parse(await lead.GetStringAsync($"/api/people/{id}"));
        Assert.Equal("First Person", after.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_import_page_reports_bad_rows_by_line_and_column_and_writes_nothing()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var email = $"import-{Guid.NewGuid():N}@test.example";
        var csv = "given_name,family_name,email,phone,discipline,profession,registration_body,registration_number,engagement_type,organisation,role_title,fte,start_date,end_date\n"
            + $"Ivy,Import,{email},,Researcher,,,,Employed,Northfield Teaching Hospitals NHS Foundation Trust,Researcher,0.5,2026-01-05,\n"
            + "Bad,Date,bad-date@test.example,,Researcher,,,,Employed,Northfield Teaching Hospitals NHS Foundation Trust,Researcher,0.5,2026-02-31,\n";

        var refused = await PostCsvAsync(lead, csv, validRowsOnly: false);
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        var partial = await PostCsvAsync(lead, csv, validRowsOnly: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Nothing was imported", refusedHtml, StringComparison.Ordinal);
        Assert.Matches("<td>3</td><td>start_date</td>", refusedHtml);
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.People.AnyAsync(p => p.Email == email));
        Assert.False(await db.People.AnyAsync(p => p.Email == "bad-date@test.example"));
    }

    [Theory]
    [InlineData(Roles.Member, HttpStatusCode.OK)]
    [InlineData(Roles.PatientPartner, HttpStatusCode.Forbidden)]
    public async Task Team_exports_carry_contact_details_so_patient_partners_cannot_download_them(string role, HttpStatusCode expected)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(role);

        var csv = await client.GetAsync("/api/export/people.csv");
        var fhir = await client.GetAsync("/api/export/team.fhir.json");

        Assert.Equal(expected, csv.StatusCode);
        Assert.Equal(expected, fhir.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.StartsWith("given_name,family_name,email", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var bundle = JsonDocument.Parse(await fhir.Content.ReadAsStringAsync());
            Assert.Equal("Bundle", bundle.RootElement.GetProperty("resourceType").GetString());
            Assert.Contains(bundle.RootElement.GetProperty("entry").EnumerateArray(), e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "CareTeam");
        }
    }

    private static async Task<HttpResponseMessage> PostCsvAsync(HttpClient client, string csv, bool validRowsOnly)
    {
        var token = AntiforgeryToken(await client.GetStringAsync("/team/import"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(validRowsOnly ? "true" : "false"), "validRowsOnly" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "team.csv" },
        };
        return await client.PostAsync("/team/import", form);
    }

    [Fact]
    public async Task The_programme_overview_page_shows_composition_and_risks()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var member = await app.SignedInAsync(Roles.Member);

        var html = WebUtility.HtmlDecode(await member.GetStringAsync("/team"));

        Assert.Contains("data-testid=\"composition\"", html, StringComparison.Ordinal);
        Assert.Contains("Platform provider staff", html, StringComparison.Ordinal);
        Assert.Contains("have no named lead in the LHS programme", html, StringComparison.Ordinal);
        Assert.Contains("is overdue", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_downloads_in_its_file_format()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var member = await app.SignedInAsync(Roles.Member);

        var response = await member.GetAsync("/team/templates/audit-and-feedback?handler=File");
        var parsed = LearningHealth.Initiatives.TemplateFile.Parse(await response.Content.ReadAsStringAsync(), "download");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("audit-and-feedback", parsed.Value!.Key);
    }

    private static async Task<Guid> FirstInitiativeAsync(LhsWebFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Initiatives.OrderBy(i => i.Title).Select(i => i.Id).FirstAsync();
    }

    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        // The layout's sign-out form repeats the anti-forgery field (same token), so a name may appear twice: keep the first.
        var fields = new Dictionary<string, string>();
        foreach (Match input in InputPattern().Matches(html))
        {
            fields.TryAdd(input.Groups[1].Value, WebUtility.HtmlDecode(input.Groups[2].Value));
        }

        foreach (Match select in SelectedPattern().Matches(html))
        {
            fields[select.Groups[1].Value] = select.Groups[2].Value;
        }

        return fields;
    }

    private static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex InputPattern();

    [GeneratedRegex("<select[^>]*name=\"([^\"]+)\"[^>]*>(?:(?!</select>).)*?<option value=\"([^\"]*)\" selected=\"selected\"", RegexOptions.Singleline)]
    private static partial Regex SelectedPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
