using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Skills;

[Collection(WebCollection.Name)]
public sealed class SkillsWebTests(WebApps apps)
{
    private static async Task<(Guid Person, Guid Initiative)> ClinicianAndInitiativeAsync(LhsWebFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var person = await db.Users.Where(u => u.Email == "clinician@northfield.example").Select(u => u.PersonId!.Value).SingleAsync();
        var initiative = await db.InitiativeMembers.Where(m => m.PersonId == person).Select(m => m.InitiativeId).FirstAsync();
        return (person, initiative);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_skills_page_opens_for_a_lead(string provider)
    {
        var app = await apps.ForAsync(provider);
        var lead = await app.SignedInAsync(Roles.Lead);
        var (person, initiative) = await ClinicianAndInitiativeAsync(app);

        foreach (var page in new[]
        {
            "/skills", "/skills/frameworks", "/skills/frameworks/lhs-core", "/skills/frameworks/fci-core", "/skills/self-assessment/lhs-clinician",
            "/skills/queue", "/skills/coverage", $"/skills/people/{person}", $"/skills/people/{person}/plan", $"/skills/initiatives/{initiative}",
        })
        {
            var response = await lead.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
        }

        Assert.Contains($"/skills/initiatives/{initiative}", await lead.GetStringAsync($"/team/initiatives/{initiative}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await lead.GetAsync("/skills/plan")).StatusCode);
    }

    [Fact]
    public async Task A_clinician_withdraws_a_rating_they_submitted_from_their_skills_page_and_no_one_else_can()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var lead = await app.SignedInAsync(Roles.Lead);
        Guid rating;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == "clinician@northfield.example");
            var competency = await db.Competencies.Where(c => c.Framework!.Key == "lhs-core" && c.Code == "C6.2")
                .OrderByDescending(c => c.Framework!.VersionNumber).Select(c => c.Id).FirstAsync();
            var saved = await scope.ServiceProvider.GetRequiredService<RateSkills>().SaveAsync(
                new RatingCommand(null, 0, user.PersonId!.Value, competency, AssessmentKind.Self, 2, null, [], null, null, Submit: true),
                new Actor(user.Id, user.DisplayName, user.PersonId));
            rating = saved.Value;
        }

        var page = await clinician.GetStringAsync("/skills");
        Assert.Contains($"name=\"id\" value=\"{rating}\"", page, StringComparison.Ordinal);
        var byLead = await lead.PostAsJsonAsync($"/api/skills/ratings/{rating}/withdraw", new { version = 0 });
        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, "/skills");
        var withdrawn = await clinician.PostAsync("/skills?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = rating.ToString(), ["version"] = "0", ["returnTo"] = "https://elsewhere.example/", ["__RequestVerificationToken"] = token,
        }));
        var twice = await clinician.PostAsync("/skills?handler=Withdraw", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = rating.ToString(), ["version"] = "1", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Conflict, byLead.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal("/skills#ratings", withdrawn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("data-testid=\"problems\"", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await clinician.GetStringAsync("/skills");
        Assert.DoesNotContain($"name=\"id\" value=\"{rating}\"", after, StringComparison.Ordinal);
        Assert.Contains("Withdrawn", after, StringComparison.Ordinal);
        Assert.DoesNotContain(await lead.GetFromJsonAsync<JsonElement[]>("/api/skills/queue") ?? [], q => q.GetProperty("id").GetGuid() == rating);
    }

    [Fact]
    public async Task A_clinician_cannot_open_the_assessor_queue_or_confirm_a_rating()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        Guid rating;
        using (var scope = app.Services.CreateScope())
        {
            var (person, _) = await ClinicianAndInitiativeAsync(app);
            rating = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Assessments
                .Where(a => a.PersonId == person && a.Status == AssessmentStatus.Submitted).Select(a => a.Id).FirstAsync();
        }

        var queue = await clinician.GetAsync("/skills/queue");
        var confirm = await clinician.PostAsJsonAsync($"/api/skills/ratings/{rating}/confirm", new { version = 0 });
        var coverage = await clinician.GetAsync("/api/skills/coverage");

        Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, coverage.StatusCode);
    }

    [Fact]
    public async Task A_member_cannot_see_the_clinician_s_draft_but_the_clinician_can()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var member = await app.SignedInAsync(Roles.Member);
        var (person, _) = await ClinicianAndInitiativeAsync(app);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, "/skills/self-assessment/lhs-core");

        var saved = await clinician.PostAsync("/skills/self-assessment/lhs-core", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["level:C6.3"] = "2", ["submit"] = "false", ["__RequestVerificationToken"] = token,
        }));
        var own = await clinician.GetFromJsonAsync<JsonElement>($"/api/skills/people/{person}");
        var theirs = await member.GetFromJsonAsync<JsonElement>($"/api/skills/people/{person}");
        var memberPage = await member.GetStringAsync($"/skills/people/{person}");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(own.GetProperty("ratings").EnumerateArray(), r => r.GetProperty("code").GetString() == "C6.3" && r.GetProperty("status").GetString() == "Draft");
        Assert.DoesNotContain(theirs.GetProperty("ratings").EnumerateArray(), r => r.GetProperty("status").GetString() == "Draft");
        Assert.DoesNotContain("Draft (only you can see it)", memberPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/skills/people/{person}/plan")).StatusCode);
    }

    [Fact]
    public async Task The_badge_is_an_unsigned_open_badge_credential_aligned_to_confirmed_competencies()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var (person, _) = await ClinicianAndInitiativeAsync(app);

        var badge = await clinician.GetFromJsonAsync<JsonElement>($"/api/skills/people/{person}/badge");

        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], badge.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.True(badge.GetProperty("unsigned").GetBoolean());
        Assert.False(badge.TryGetProperty("proof", out _));
        Assert.StartsWith("UNSIGNED", badge.GetProperty("description").GetString(), StringComparison.Ordinal);
        var alignment = badge.GetProperty("credentialSubject").GetProperty("achievement").GetProperty("alignment").EnumerateArray().ToList();
        Assert.Contains(alignment, a => a.GetProperty("targetCode").GetString() == "CLN2");
        Assert.DoesNotContain(alignment, a => a.GetProperty("targetCode").GetString() == "C3.2");
        Assert.Equal(alignment.Count, badge.GetProperty("evidence").GetArrayLength());
    }

    [Fact]
    public async Task Frameworks_export_through_the_api_and_a_bad_import_reports_the_line()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var clinician = await app.SignedInAsync(Roles.Clinician);

        var csv = await lead.GetStringAsync("/api/skills/frameworks/lhs-clinician/export?format=csv");
        var moodle = await lead.GetStringAsync("/api/skills/frameworks/lhs-core/export?format=moodle");
        var bad = await lead.PostAsync("/api/skills/frameworks/import", new StringContent("framework,code,parent_code,name,description\nx,,,X,\nx,A,B,Alpha,\n"));
        var forbidden = await clinician.PostAsync("/api/skills/frameworks/import", new StringContent(csv));

        Assert.StartsWith("framework,code,parent_code,name,description,level_1,level_2,level_3,level_4\n", csv, StringComparison.Ordinal);
        Assert.StartsWith("Parent ID number,ID number,Short name,Description,Description format,Scale values,", moodle, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("line 3: the parent B of A is not in the framework.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_lead_edits_a_custom_framework_and_gets_a_new_version()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var key = $"team-{Guid.NewGuid():N}"[..20];
        var created = await lead.PostAsync("/api/skills/frameworks/import", new StringContent($"framework,code,parent_code,name,description,level_1,level_2\n{key},,,Team skills,,Novice,Expert\n{key},T1,,Huddles,,,\n"));
        var token = await LhsWebFactory.AntiforgeryTokenAsync(lead, $"/skills/frameworks/{key}/edit");
        var text = await lead.GetStringAsync($"/api/skills/frameworks/{key}/export?format=csv");

        var saved = await lead.PostAsync($"/skills/frameworks/{key}/edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = text.Replace("Huddles", "Safety huddles", StringComparison.Ordinal), ["__RequestVerificationToken"] = token,
        }));
        var view = await lead.GetFromJsonAsync<JsonElement>($"/api/skills/frameworks/{key}");
        var builtIn = await lead.GetAsync("/skills/frameworks/lhs-core/edit");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2, view.GetProperty("versionNumber").GetInt32());
        Assert.Equal("Safety huddles", view.GetProperty("competencies")[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, builtIn.StatusCode);
    }

    [Fact]
    public async Task A_lead_adds_an_assessor_rating_with_evidence_that_another_assessor_must_confirm()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var lead = await app.SignedInAsync(Roles.Lead);
        var (person, _) = await ClinicianAndInitiativeAsync(app);
        var page = $"/skills/people/{person}";
        var token = await LhsWebFactory.AntiforgeryTokenAsync(lead, page);
        Guid competency;
        using (var scope = app.Services.CreateScope())
        {
            competency = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Competencies
                .Where(c => c.Framework!.Key == "lhs-core" && c.Code == "C5.3").Select(c => c.Id).SingleAsync();
        }

        var bad = await lead.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["competencyId"] = competency.ToString(), ["level"] = "3", ["evidenceLinks"] = "not a link", ["submit"] = "true", ["__RequestVerificationToken"] = token,
        }));
        var saved = await lead.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["competencyId"] = competency.ToString(), ["level"] = "3", ["evidenceNote"] = "Explained the early warning score's thresholds at teaching.",
            ["evidenceLinks"] = "https://example.org/teaching-slides\nhttps://example.org/feedback", ["submit"] = "true", ["__RequestVerificationToken"] = token,
        }));
        var skills = await lead.GetFromJsonAsync<JsonElement>($"/api/skills/people/{person}");
        var queue = await lead.GetFromJsonAsync<JsonElement>("/api/skills/queue");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var rating = skills.GetProperty("ratings").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "C5.3");
        Assert.Equal(("Assessor", "Submitted", 2), (rating.GetProperty("kind").GetString(), rating.GetProperty("status").GetString(), rating.GetProperty("evidenceLinks").GetArrayLength()));
        Assert.DoesNotContain(queue.EnumerateArray(), q => q.GetProperty("code").GetString() == "C5.3" && q.GetProperty("personId").GetGuid() == person);
    }
}
