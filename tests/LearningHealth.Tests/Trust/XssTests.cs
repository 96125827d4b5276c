using System.Net;
using System.Text.Json.Nodes;
using LearningHealth.Audit;
using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Workforce;
using LearningHealth.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Trust;

/// <summary>
/// Names that are markup, stored through the handlers and the database, must come back encoded on every page that
/// shows them: people, organisations, initiatives, frameworks and competencies, saved workforce scenarios (and the
/// role names in their charts), accounts and audit entries.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class XssTests(WebApps apps)
{
    private const string Script = "<script>alert(1)</script>";
    private const string Attribute = "\"><img src=x onerror=alert(1)>";
    private const string EncodedScript = "&lt;script&gt;alert(1)&lt;/script&gt;";

    private static string Hostile(string label) => $"{label} {Script}{Attribute}";

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Hostile_names_are_encoded_on_every_page_that_shows_them(string provider)
    {
        var app = await apps.ForAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..8];
        Guid personId, initiativeId, organisationId, scenarioId;
        string frameworkKey = $"xss-{tag}";
        CreatedUser admin;
        using (var scope = app.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            var organisation = new Organisation { Name = Hostile($"Org {tag}") };
            var person = new Person { GivenName = Hostile("Given"), FamilyName = Hostile($"Family {tag}"), Email = $"xss-{tag}@test.example" };
            db.Organisations.Add(organisation);
            db.People.Add(person);
            db.Engagements.Add(new Engagement { PersonId = person.Id, OrganisationId = organisation.Id, Type = EngagementType.Employed, RoleTitle = Hostile("Role"), Fte = 0.5m, StartDate = new DateOnly(2024, 1, 1) });
            var initiative = new Initiative
            {
                Title = Hostile($"Initiative {tag}"),
                Aim = Hostile("Aim"),
                LearningQuestion = Hostile("Question"),
                Status = InitiativeStatus.Active,
                StartDate = new DateOnly(2025, 1, 1),
                Members = [new InitiativeMember { PersonId = person.Id, Fte = 0.1m, IsLead = true }],
            };
            db.Initiatives.Add(initiative);
            await db.SaveChangesAsync();
            (personId, initiativeId, organisationId) = (person.Id, initiative.Id, organisation.Id);

            var csv = "framework,code,parent_code,name,description,level_1,level_2\n"
                + $"{frameworkKey},,,{Csv(Hostile("Framework"))},{Csv(Hostile("Description"))},Novice,Expert\n"
                + $"{frameworkKey},X1,,{Csv(Hostile("Competency"))},,,\n";
            var imported = await services.GetRequiredService<ImportFramework>().HandleAsync(csv, FrameworkFormat.Csv);
            Assert.True(imported.Succeeded, string.Join("; ", imported.Problems.Select(p => p.Message)));

            var scenario = JsonNode.Parse(WorkforceExamples.Scenario)!;
            scenario["name"] = Hostile($"Scenario {tag}");
            scenario["roles"]![0]!["name"] = Hostile("Informatician");
            var saved = await services.GetRequiredService<SavedScenarios>().SaveAsync(scenario.ToJsonString(), Hostile("Planner"), null);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Select(p => p.Message)));
            scenarioId = saved.Value!.Id;

            admin = (await services.GetRequiredService<CreateUser>().HandleAsync(new CreateUserCommand($"xss-admin-{tag}@test.example", Hostile("Admin"), [Roles.Admin]))).Value!;
            await services.GetRequiredService<AuditLog>().RecordAsync(AuditActions.Export, new AuditActor(null, Hostile("Actor")), Hostile("Subject"), Hostile("Details"));
        }

        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await LhsWebFactory.SignInAsync(client, admin.Email, admin.Password)).StatusCode);

        string[] pages =
        [
            "/",
            $"/team/people?search=xss-{tag}",
            $"/team/people/{personId}",
            $"/team/people/{personId}/edit",
            "/team/organisations",
            $"/team/organisations/{organisationId}/edit",
            "/team/initiatives",
            $"/team/initiatives/{initiativeId}",
            $"/team/initiatives/{initiativeId}/edit",
            "/team/leadership",
            $"/skills/people/{personId}",
            $"/skills/initiatives/{initiativeId}",
            "/skills/frameworks",
            $"/skills/frameworks/{frameworkKey}",
            $"/skills/frameworks/{frameworkKey}/edit",
            "/workforce",
            $"/workforce?id={scenarioId}",
            "/admin/users",
            $"/admin/users/{admin.Id}",
            "/admin/audit",
        ];
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var response = await client.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{page}: {(int)response.StatusCode}");
                continue;
            }

            if (html.Contains(Script, StringComparison.OrdinalIgnoreCase) || html.Contains("<img src=x", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{page}: the payload appears unencoded");
            }

            if (!html.Contains(EncodedScript, StringComparison.Ordinal))
            {
                failures.Add($"{page}: shows none of the hostile names, so it tests nothing");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [Fact]
    public async Task Hostile_feedback_text_is_encoded_on_every_feedback_page_that_shows_it()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var clinicianEmail = app.Demo.For(Roles.Clinician).Email;
        Guid initiativeId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == clinicianEmail);
            var person = user.PersonId!.Value;
            initiativeId = await db.InitiativeMembers.Where(m => m.PersonId == person).Select(m => m.InitiativeId).FirstAsync();
            var now = DateTime.UtcNow;
            db.DiscussionComments.Add(new DiscussionComment { TeamKey = $"initiative:{initiativeId}", IndicatorId = "rti-antibiotics", Text = Hostile($"Comment {tag}"), AuthorUserId = user.Id, AuthorName = Hostile("Author"), CreatedAt = now });
            db.DataQuestions.Add(new DataQuestion { PersonId = person, IndicatorId = "rti-antibiotics", Question = Hostile($"Question {tag}"), RaisedByUserId = user.Id, RaisedByName = Hostile("Raiser"), RaisedAt = now });
            db.FeedbackActions.Add(new FeedbackAction { PersonId = person, IndicatorId = "rti-antibiotics", Action = Hostile($"Action {tag}"), Owner = Hostile("Owner"), StartDate = DateOnly.FromDateTime(now), DueDate = DateOnly.FromDateTime(now).AddMonths(1), CreatedByUserId = user.Id, CreatedAt = now });
            db.FeedbackResponses.Add(new FeedbackResponse { PersonId = person, IndicatorId = "rti-antibiotics", Kind = FeedbackResponseKind.Comment, Text = Hostile($"Response {tag}"), AuthorUserId = user.Id, AuthorName = Hostile("Responder"), CreatedAt = now });
            db.Notifications.Add(new Notification { UserId = user.Id, Kind = NotificationKind.Discussion, Title = Hostile($"Notice {tag}"), Body = Hostile("Body"), Link = "/learning-cycle/practice", CreatedAt = now });
            db.DataUseRegister.Add(new DataUseRegisterEntry { DataSource = Hostile($"Source {tag}"), Description = Hostile("Description"), ResourceTypes = "Encounter", Purpose = Hostile("Purpose"), LegalBasis = Hostile("Basis"), Owner = Hostile("Owner"), UpdatedAt = now });
            db.ResearchFindings.Add(new ResearchFinding { InitiativeId = initiativeId, Title = Hostile($"Finding {tag}"), Summary = Hostile("Summary"), PostedByName = Hostile("Poster"), PostedAt = now });
            await db.SaveChangesAsync();
        }

        var clinician = await app.SignedInAsync(Roles.Clinician);
        var analyst = await app.SignedInAsync(Roles.Analyst);
        var pages = new (HttpClient Client, string Path)[]
        {
            // The respond page lists the same questions, actions and responses as the practice page, and does so even
            // when another test has replaced the shared app's indicator results (the practice page then shows none).
            (clinician, "/learning-cycle/practice/rti-antibiotics/respond"),
            (clinician, $"/learning-cycle/teams/{initiativeId}/rti-antibiotics/discussion"),
            (clinician, "/notifications"),
            (clinician, "/learning-cycle/data-use/register"),
            (clinician, $"/team/initiatives/{initiativeId}/evaluation"),
            (analyst, "/learning-cycle/data-questions"),
        };
        var failures = new List<string>();
        foreach (var (client, page) in pages)
        {
            var response = await client.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{page}: {(int)response.StatusCode}");
            }
            else if (html.Contains(Script, StringComparison.OrdinalIgnoreCase) || html.Contains("<img src=x", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{page}: the payload appears unencoded");
            }
            else if (!html.Contains(tag, StringComparison.Ordinal) || !html.Contains(EncodedScript, StringComparison.Ordinal))
            {
                failures.Add($"{page}: shows none of the hostile text, so it tests nothing");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
