using System.Net;
using LearningHealth.Audit;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Trust;

/// <summary>What the app records in the audit log, through the real pages and endpoints, and the Admin page that shows it.</summary>
[Collection(WebCollection.Name)]
public sealed class AuditRecordingTests(WebApps apps)
{
    private static async Task<List<AuditEntry>> EntriesAsync(LhsWebFactory app, string subject)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.AuditLog.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Sequence).ToListAsync();
    }

    private static async Task<CreatedUser> NewUserAsync(LhsWebFactory app, params string[] roles)
    {
        using var scope = app.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<CreateUser>()
            .HandleAsync(new CreateUserCommand($"audit-{Guid.NewGuid():N}@test.example", "Audit Subject", roles));
        return outcome.Value!;
    }

    private static async Task<AuditVerification> VerifyAsync(LhsWebFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_is_recorded_with_the_account_and_client(string provider)
    {
        var app = await apps.ForAsync(provider);
        var user = await NewUserAsync(app, Roles.Member);

        var response = await LhsWebFactory.SignInAsync(app.CreateBrowserLikeClient(), user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entries = await EntriesAsync(app, $"user:{user.Email}");
        Assert.Equal([AuditActions.UserCreated, AuditActions.SignIn], entries.Select(e => e.Action));
        Assert.Equal("system", entries[0].ActorName);
        Assert.Equal("roles: Member", entries[0].Details);
        Assert.Equal(user.Id, entries[1].ActorUserId);
        Assert.Equal(user.Email, entries[1].ActorName);
        Assert.StartsWith("method: password; client: ", entries[1].Details, StringComparison.Ordinal);
        Assert.True((await VerifyAsync(app)).Intact);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_sign_in_is_recorded_whether_or_not_the_account_exists(string provider)
    {
        var app = await apps.ForAsync(provider);
        var user = await NewUserAsync(app, Roles.Member);
        var nobody = $"nobody-{Guid.NewGuid():N}@test.example";

        var wrongPassword = await LhsWebFactory.SignInAsync(app.CreateBrowserLikeClient(), user.Email, "not-the-password");
        var noAccount = await LhsWebFactory.SignInAsync(app.CreateBrowserLikeClient(), nobody, "whatever-it-is");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noAccount.StatusCode);
        var failed = Assert.Single(await EntriesAsync(app, $"user:{user.Email}"), e => e.Action == AuditActions.SignInFailed);
        Assert.Null(failed.ActorUserId);
        Assert.Equal("anonymous", failed.ActorName);
        Assert.DoesNotContain("no such account", failed.Details, StringComparison.Ordinal);
        var unknown = Assert.Single(await EntriesAsync(app, $"user:{nobody}"));
        Assert.Equal(AuditActions.SignInFailed, unknown.Action);
        Assert.EndsWith("; no such account", unknown.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lockout_is_recorded_and_the_locked_account_s_further_attempts_too()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var user = await NewUserAsync(app, Roles.Member);
        var client = app.CreateBrowserLikeClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await LhsWebFactory.SignInAsync(client, user.Email, "wrong-password-" + attempt);
        }

        await LhsWebFactory.SignInAsync(client, user.Email, user.Password);

        var actions = (await EntriesAsync(app, $"user:{user.Email}")).Select(e => e.Action).ToList();
        // Identity locks the account on the fifth failure, which it then reports as locked out.
        Assert.Equal(
            [AuditActions.UserCreated, AuditActions.SignInFailed, AuditActions.SignInFailed, AuditActions.SignInFailed, AuditActions.SignInFailed, AuditActions.LockedOut, AuditActions.LockedOut],
            actions);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_role_change_and_an_unlock_on_the_admin_page_are_recorded_with_the_admin_as_actor(string provider)
    {
        var app = await apps.ForAsync(provider);
        var user = await NewUserAsync(app, Roles.Member);
        var admin = await app.SignedInAsync(Roles.Admin);
        string stamp;
        using (var scope = app.Services.CreateScope())
        {
            stamp = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>().FindByIdAsync(user.Id))!.ConcurrencyStamp!;
        }

        var token = await LhsWebFactory.AntiforgeryTokenAsync(admin, $"/admin/users/{user.Id}");
        var response = await admin.PostAsync($"/admin/users/{user.Id}", new FormUrlEncodedContent(
        [
            new("SelectedRoles", Roles.Member),
            new("SelectedRoles", Roles.Analyst),
            new("Unlock", "true"),
            new("ConcurrencyStamp", stamp),
            new("__RequestVerificationToken", token),
        ]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await EntriesAsync(app, $"user:{user.Email}");
        var changed = Assert.Single(entries, e => e.Action == AuditActions.RolesChanged);
        Assert.Equal(app.Demo.For(Roles.Admin).Email, changed.ActorName);
        Assert.NotNull(changed.ActorUserId);
        Assert.Equal("roles: Analyst, Member (were Member); added Analyst; removed none", changed.Details);
        Assert.Single(entries, e => e.Action == AuditActions.AccountUnlocked);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Team_exports_a_framework_export_and_an_open_badge_are_recorded(string provider)
    {
        var app = await apps.ForAsync(provider);
        var user = await NewUserAsync(app, Roles.Admin);
        var client = app.CreateBrowserLikeClient();
        await LhsWebFactory.SignInAsync(client, user.Email, user.Password);
        Guid personId;
        string frameworkKey;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            personId = await db.People.Select(p => p.Id).FirstAsync();
            frameworkKey = (await scope.ServiceProvider.GetRequiredService<LearningHealth.Skills.BrowseFrameworks>().ListAsync())[0].Key;
        }

        var csv = await client.GetAsync("/api/export/people.csv");
        var fhir = await client.GetAsync("/api/export/team.fhir.json");
        var framework = await client.GetAsync($"/api/skills/frameworks/{frameworkKey}/export?format=case");
        var badge = await client.GetAsync($"/api/skills/people/{personId}/badge");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fhir.StatusCode);
        Assert.Equal(HttpStatusCode.OK, framework.StatusCode);
        using var check = app.Services.CreateScope();
        var mine = await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking()
            .Where(e => e.ActorUserId == user.Id && e.Action == AuditActions.Export).OrderBy(e => e.Sequence).ToListAsync();
        var expected = new List<string> { "team:people.csv", "team:team.fhir.json", $"framework:{frameworkKey}" };
        if (badge.StatusCode == HttpStatusCode.OK)
        {
            expected.Add($"person:{personId}");
        }

        Assert.Equal(expected, mine.Select(e => e.Subject));
        Assert.All(mine, e => Assert.Equal(user.Email, e.ActorName));
        Assert.Equal("format: Case; file: " + framework.Content.Headers.ContentDisposition!.FileName!.Trim('"'), mine[2].Details);
    }

    [Fact]
    public async Task The_admin_page_searches_the_log_and_verifies_the_chain()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var nobody = $"nobody-{Guid.NewGuid():N}@test.example";
        await LhsWebFactory.SignInAsync(app.CreateBrowserLikeClient(), nobody, "whatever-it-is");
        var admin = await app.SignedInAsync(Roles.Admin);

        var found = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/audit?action={AuditActions.SignInFailed}&subject={Uri.EscapeDataString(nobody)}"));
        var token = await LhsWebFactory.AntiforgeryTokenAsync(admin, "/admin/audit");
        var verified = await admin.PostAsync("/admin/audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var badDate = await admin.GetAsync("/admin/audit?from=31/12/2025");

        Assert.Contains("1 matching entries", found, StringComparison.Ordinal);
        Assert.Contains($"user:{nobody}", found, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("The chain is intact", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("From: &#x27;31/12/2025&#x27; is not a date", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Lead)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Member)]
    public async Task Only_admins_read_the_audit_log(string role)
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(role);

        var response = await client.GetAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
