using System.Net;
using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Feedback;

[Collection(WebCollection.Name)]
public sealed class DataUsePageTests(WebApps apps)
{
    private const string AntibioticsTitle = "Antibiotic prescribing for respiratory infections";

    [Fact]
    public async Task A_clinician_sees_the_data_they_record_with_purposes_and_the_unregistered_elements_flagged()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Clinician);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/learning-cycle/data-use"));

        var recorded = html[html.IndexOf("id=\"yours\"", StringComparison.Ordinal)..html.IndexOf("data-testid=\"all-elements\"", StringComparison.Ordinal)];
        Assert.Contains("data-element=\"MedicationRequest.medicationCodeableConcept\"", recorded, StringComparison.Ordinal);
        Assert.Contains("Direct care and service improvement", recorded, StringComparison.Ordinal);
        Assert.Contains("UK GDPR Article 6(1)(e)", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("data-element=\"Patient.address\"", recorded, StringComparison.Ordinal);
        // The demo clinician is named in their own encounters and prescriptions, counted from the views.
        Assert.Matches("<li>[1-9][0-9,]* Encounter records name you", recorded);
        Assert.Matches("<li>[1-9][0-9,]* MedicationRequest records name you", recorded);
        // The demo register has no entry for Practitioner records, so their elements are flagged.
        var practitioner = html[html.IndexOf("data-element=\"Practitioner.identifier\"", StringComparison.Ordinal)..];
        Assert.Contains("data-testid=\"unregistered\"", practitioner[..practitioner.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unregistered-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"lineage-text\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_indicator_lineage_page_and_the_json_name_the_elements()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.PatientPartner);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/learning-cycle/data-use/indicators/rti-antibiotics"));
        var json = await client.GetStringAsync("/api/data-use/lineage");
        var missing = await client.GetAsync("/learning-cycle/data-use/indicators/no-such-indicator");

        Assert.Contains("encounter_flat.reason_code", page, StringComparison.Ordinal);
        Assert.Contains("data-element=\"Encounter.reasonCode\"", page, StringComparison.Ordinal);
        Assert.Contains(AntibioticsTitle, page, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"MedicationRequest.medicationCodeableConcept\"", json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Everyone_reads_the_register_and_only_data_use_managers_change_it()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);
        var lead = await app.SignedInAsync(Roles.Lead);

        var read = await clinician.GetStringAsync("/learning-cycle/data-use/register");
        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, "/learning-cycle/data-use/register");
        var refused = await clinician.PostAsync("/learning-cycle/data-use/register", Form(token, "Refused source"));
        var leadToken = await LhsWebFactory.AntiforgeryTokenAsync(lead, "/learning-cycle/data-use/register");
        var invalid = await lead.PostAsync("/learning-cycle/data-use/register", Form(leadToken, "Page test source", types: "Encountr"));
        var saved = await lead.PostAsync("/learning-cycle/data-use/register", Form(leadToken, "Page test source"));

        Assert.Contains("GP record extract", read, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"register-form\"", read, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("ResourceTypes: Not FHIR R4 resource types: Encountr", WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Page test source", await clinician.GetStringAsync("/learning-cycle/data-use/register"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_cannot_set_the_evaluation_and_a_clinician_outside_the_team_cannot_read_it()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        Guid initiativeId;
        Guid outsider;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var initiative = await db.Initiatives.Include(i => i.Members).SingleAsync(i => i.Title == AntibioticsTitle);
            initiativeId = initiative.Id;
            outsider = await db.People.Where(p => p.Discipline == LearningHealth.Teams.DisciplineGroup.Clinician)
                .Where(p => initiative.Members.Select(m => m.PersonId).All(id => id != p.Id))
                .Select(p => p.Id).FirstAsync();
        }

        var created = await app.Services.CreateScope().ServiceProvider.GetRequiredService<CreateUser>()
            .HandleAsync(new CreateUserCommand($"outside.{Guid.NewGuid():N}@example.org", "Outside clinician", [Roles.Clinician], PersonId: outsider));
        var outside = app.CreateBrowserLikeClient();
        await LhsWebFactory.SignInAsync(outside, created.Value!.Email, created.Value.Password);
        var member = await app.SignedInAsync(Roles.Member);
        var teamClinician = await app.SignedInAsync(Roles.Clinician);
        var page = $"/team/initiatives/{initiativeId}/evaluation";

        var token = await LhsWebFactory.AntiforgeryTokenAsync(member, page);
        var set = await member.PostAsync($"{page}?handler=Set", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = "0",
            ["LearningQuestion"] = "Changed by a member",
            ["Design"] = "UnitComparison",
            ["IndicatorId"] = "rti-antibiotics",
            ["ChangeDate"] = "2025-01-01",
            ["__RequestVerificationToken"] = token,
        }));
        var outsideRead = await outside.GetAsync(page);
        var memberRead = await member.GetStringAsync(page);
        var clinicianRead = await teamClinician.GetStringAsync(page);

        Assert.Equal(HttpStatusCode.Forbidden, set.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outsideRead.StatusCode);
        Assert.Contains("data-testid=\"evaluation-sentence\"", clinicianRead, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"evaluation-form\"", memberRead, StringComparison.Ordinal);
        Assert.DoesNotContain("Changed by a member", memberRead, StringComparison.Ordinal);
    }

    private static FormUrlEncodedContent Form(string token, string source, string types = "Encounter") => new(new Dictionary<string, string>
    {
        ["DataSource"] = source,
        ["ResourceTypes"] = types,
        ["Purpose"] = "Service improvement",
        ["LegalBasis"] = "UK GDPR 6(1)(e)",
        ["Dpia"] = "InProgress",
        ["__RequestVerificationToken"] = token,
    });
}
