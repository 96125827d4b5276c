using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningHealth.Audit;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Feedback;

[Collection(WebCollection.Name)]
public sealed partial class PracticePagesTests(WebApps apps)
{
    private static async Task<(Initiative Initiative, IReadOnlyList<PractitionerLink> Clinicians)> AntibioticsTeamAsync(LhsWebFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var initiative = await db.Initiatives.AsNoTracking().Include(i => i.Members).ThenInclude(m => m.Person)
            .SingleAsync(i => i.Title == DemoPracticeFixture.AntibioticsTitle);
        var links = await scope.ServiceProvider.GetRequiredService<PractitionerLinks>().AllAsync();
        return (initiative, [.. links.Where(l => initiative.Members.Any(m => m.PersonId == l.PersonId))]);
    }

    private static async Task<(HttpClient Client, CreatedUser User)> SignInNewAsync(LhsWebFactory app, string role, Guid personId)
    {
        CreatedUser user;
        using (var scope = app.Services.CreateScope())
        {
            user = (await scope.ServiceProvider.GetRequiredService<CreateUser>()
                .HandleAsync(new CreateUserCommand($"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example", "Test " + role, [role], PersonId: personId))).Value!;
        }

        var client = app.CreateBrowserLikeClient();
        var response = await LhsWebFactory.SignInAsync(client, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (client, user);
    }

    private static async Task<string> OwnKeyAsync(LhsWebFactory app, string role)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var personId = (await db.Users.AsNoTracking().SingleAsync(u => u.Email == app.Demo.For(role).Email)).PersonId!.Value;
        return (await scope.ServiceProvider.GetRequiredService<PractitionerLinks>().ForPersonAsync(personId))!;
    }

    [Fact]
    public async Task The_demo_clinician_sees_their_practice_with_the_antibiotic_outlier()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Clinician);

        var html = await client.GetStringAsync("/learning-cycle/practice");
        var detail = await client.GetStringAsync("/learning-cycle/practice/rti-antibiotics");

        Assert.Contains("data-testid=\"practice-rti-antibiotics\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"freshness\"", html, StringComparison.Ordinal);
        Assert.Contains("Above the 99.8% limit", html, StringComparison.Ordinal);
        Assert.Contains("above the range we", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/learning-cycle/practice/rti-antibiotics/respond\"", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"patients-numerator\"", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-spc\"", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_practice_api_returns_the_signed_in_clinicians_summary()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Clinician);

        var json = await client.GetFromJsonAsync<JsonElement>("/api/me/practice");

        Assert.True(json.GetProperty("linked").GetBoolean());
        var rti = json.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("indicatorId").GetString() == "rti-antibiotics");
        Assert.Equal("above", rti.GetProperty("flag998").GetString());
        Assert.Contains("above the range", rti.GetProperty("interpretation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_a_practitioner_gets_an_explanation()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Lead); // the programme director sees no patients

        var response = await client.GetAsync("/learning-cycle/practice");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"not-linked\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clinician_never_sees_another_clinicians_name_in_the_peer_view()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var (initiative, clinicians) = await AntibioticsTeamAsync(app);
        var client = await app.SignedInAsync(Roles.Clinician);
        var own = app.Demo.For(Roles.Clinician).Name;

        var peer = await client.GetStringAsync($"/learning-cycle/teams/{initiative.Id}/rti-antibiotics");
        var discussion = await client.GetStringAsync($"/learning-cycle/teams/{initiative.Id}/rti-antibiotics/discussion");
        var teams = await client.GetStringAsync("/learning-cycle/teams");

        Assert.Contains("data-testid=\"peer-view\"", peer, StringComparison.Ordinal);
        Assert.Contains(own, peer, StringComparison.Ordinal);
        Assert.Contains("Clinician A", peer, StringComparison.Ordinal);
        foreach (var name in initiative.Members.Select(m => m.Person!.DisplayName).Where(n => n != own))
        {
            Assert.DoesNotContain(name, peer, StringComparison.Ordinal);
            Assert.DoesNotContain(name, teams, StringComparison.Ordinal);
        }

        Assert.Equal(8, clinicians.Count);
        Assert.Contains("data-testid=\"peer-view\"", discussion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_of_the_team_sees_names_and_a_lead_of_another_team_is_forbidden()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var (initiative, clinicians) = await AntibioticsTeamAsync(app);
        var lead = await app.SignedInAsync(Roles.Lead);
        Guid outsider;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var members = initiative.Members.Select(m => m.PersonId).ToList();
            outsider = await db.InitiativeMembers.AsNoTracking().Where(m => m.IsLead && !members.Contains(m.PersonId)).Select(m => m.PersonId).FirstAsync();
        }

        var (otherLead, _) = await SignInNewAsync(app, Roles.Lead, outsider);

        var named = await lead.GetStringAsync($"/learning-cycle/teams/{initiative.Id}/rti-antibiotics");
        var refused = await otherLead.GetAsync($"/learning-cycle/teams/{initiative.Id}/rti-antibiotics");

        Assert.All(clinicians, c => Assert.Contains(c.DisplayName, named, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(clinicians[0].DisplayName, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clinician_gets_403_for_another_clinicians_patients_and_their_own_view_is_audited()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var (_, clinicians) = await AntibioticsTeamAsync(app);
        var ownKey = await OwnKeyAsync(app, Roles.Clinician);
        var other = clinicians.First(c => c.PractitionerKey != ownKey).PractitionerKey;
        var analytics = AnalyticsDatabase.PathIn(app.Database.DataDir);
        var latest = ReadIndicatorResults.ForIndicator(analytics, "rti-antibiotics", "clinician", ownKey).MaxBy(r => r.PeriodStart)!;
        var period = latest.PeriodStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var client = await app.SignedInAsync(Roles.Clinician);

        var refused = await client.GetAsync($"/learning-cycle/practice/rti-antibiotics/patients?period={period}&which=numerator&clinician={Uri.EscapeDataString(other)}");
        var own = await client.GetAsync($"/learning-cycle/practice/rti-antibiotics/patients?period={period}&which=gap");
        var bad = await client.GetAsync("/learning-cycle/practice/rti-antibiotics/patients?period=last&which=gap");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains($"{latest.Denominator - latest.Numerator} case(s).", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("period", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await db.AuditLog.AnyAsync(e => e.Action == GetPatientList.AuditAction && e.Subject == $"rti-antibiotics {period} {ownKey}" && e.Details.Contains("which=gap")));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_patient_partner_gets_the_aggregate_pages_and_403_on_everything_personal()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var (initiative, _) = await AntibioticsTeamAsync(app);
        var client = await app.SignedInAsync(Roles.PatientPartner);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/learning-cycle/results")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/learning-cycle/results/rti-antibiotics")).StatusCode);
        foreach (var path in new[]
        {
            "/learning-cycle/practice",
            "/learning-cycle/practice/rti-antibiotics",
            "/learning-cycle/practice/rti-antibiotics/patients?period=2026-01&which=numerator",
            "/learning-cycle/teams",
            $"/learning-cycle/teams/{initiative.Id}/rti-antibiotics",
            $"/learning-cycle/teams/{initiative.Id}/rti-antibiotics/discussion",
            "/api/me/practice",
        })
        {
            Assert.True((await client.GetAsync(path)).StatusCode == HttpStatusCode.Forbidden, path);
        }
    }

    [Fact]
    public async Task Suppressed_counts_never_appear_in_the_aggregate_pages()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var analytics = AnalyticsDatabase.PathIn(app.Database.DataDir);
        var client = await app.SignedInAsync(Roles.PatientPartner);
        var checkedRows = 0;
        foreach (var indicator in IndicatorLibrary.BuiltIn)
        {
            var stored = ReadIndicatorResults.ForIndicator(analytics, indicator.Id).ToList();
            if (stored.Count == 0)
            {
                continue; // no results for this indicator in the demo
            }

            var latest = stored.Max(r => r.PeriodStart);
            var html = await client.GetStringAsync($"/learning-cycle/results/{indicator.Id}");
            var rows = TableRows().Matches(html).Select(m => m.Value).ToList();
            var shown = stored.Where(r => r.Level == "organisation" || (r.Level == "site" && r.PeriodStart == latest));
            foreach (var row in shown)
            {
                var label = row.Level == "site" ? row.Unit : $"{row.Unit} {row.PeriodStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}";
                var cells = rows.Single(r => r.Contains($"<th scope=\"row\">{label}</th>", StringComparison.Ordinal));
                if (row.Suppression == "shown")
                {
                    Assert.Contains($"<td>{row.Numerator}</td>", cells, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Contains("data-suppressed=\"true\"", cells, StringComparison.Ordinal);
                    Assert.DoesNotContain($"<td>{row.Numerator}</td>", cells, StringComparison.Ordinal);
                    Assert.DoesNotContain("%", cells, StringComparison.Ordinal);
                    checkedRows++;
                }
            }
        }

        Assert.True(checkedRows > 0, "the demo has suppressed aggregate cells to check");
    }

    [Fact]
    public async Task A_member_adds_a_comment_to_the_team_discussion_and_bad_input_is_named()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var (initiative, _) = await AntibioticsTeamAsync(app);
        var client = await app.SignedInAsync(Roles.Clinician);
        var path = $"/learning-cycle/teams/{initiative.Id}/rti-antibiotics/discussion";
        var text = $"Agreed to try delayed prescriptions {Guid.NewGuid():N}";

        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, path);
        var added = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = text, ["__RequestVerificationToken"] = token }));
        var empty = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "  ", ["__RequestVerificationToken"] = token }));
        var tooLong = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = new string('x', 4001), ["__RequestVerificationToken"] = token }));
        var forged = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "no token" }));
        var page = await client.GetStringAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains(text, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Text: write a comment.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Text: at most 4000 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("no token", page, StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.DiscussionComments.AsNoTracking().SingleAsync(c => c.Text == text);
        Assert.Equal($"initiative:{initiative.Id}", stored.TeamKey);
    }

    [Fact]
    public async Task An_analyst_sees_the_peer_view_anonymously_but_is_not_in_the_team_discussion()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var (initiative, clinicians) = await AntibioticsTeamAsync(app);
        Guid outsider;
        using (var scope = app.Services.CreateScope())
        {
            var members = initiative.Members.Select(m => m.PersonId).ToList();
            outsider = await scope.ServiceProvider.GetRequiredService<AppDbContext>().People.AsNoTracking()
                .Where(p => !members.Contains(p.Id)).Select(p => p.Id).FirstAsync();
        }

        var (client, _) = await SignInNewAsync(app, Roles.Analyst, outsider);

        var peer = await client.GetStringAsync($"/learning-cycle/teams/{initiative.Id}/rti-antibiotics");
        var discussion = await client.GetAsync($"/learning-cycle/teams/{initiative.Id}/rti-antibiotics/discussion");

        Assert.All(clinicians, c => Assert.DoesNotContain(c.DisplayName, peer, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, discussion.StatusCode);
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRows();
}
