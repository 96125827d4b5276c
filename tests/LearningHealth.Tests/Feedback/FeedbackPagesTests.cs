using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Feedback;

/// <summary>
/// The feedback pages on an app of their own: other web tests replace the shared app's analytics data, and these
/// need the demo's routine data and its first published cycle as the demo start-up leaves them.
/// </summary>
public sealed class FeedbackApp : IAsyncLifetime
{
    public LhsWebFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = new LhsWebFactory(await TestDatabase.CreateAsync(TestDatabase.Sqlite));
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await App.Database.DisposeAsync();
    }

    public AppDbContext NewDbContext() => App.Services.CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();
}

public sealed class FeedbackPagesTests(FeedbackApp fixture) : IClassFixture<FeedbackApp>
{
    private LhsWebFactory App => fixture.App;

    [Fact]
    public async Task The_demo_start_up_publishes_a_cycle_and_the_clinician_sees_only_their_own_notifications()
    {
        string clinicianId;
        Guid cycleId;
        await using (var db = fixture.NewDbContext())
        {
            cycleId = (await db.FeedbackCycles.SingleAsync()).Id;
            clinicianId = (await db.Users.SingleAsync(u => u.Email == App.Demo.For(Roles.Clinician).Email)).Id;
            var lead = await db.Users.SingleAsync(u => u.Email == App.Demo.For(Roles.Lead).Email);
            db.Notifications.Add(new Notification
            {
                UserId = lead.Id, Kind = NotificationKind.Discussion, Title = "Only for the lead", Body = "A reply in your team's discussion",
                Link = "/learning-cycle", CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var clinician = await App.SignedInAsync(Roles.Clinician);
        var home = await clinician.GetStringAsync("/");
        Assert.Contains("Notifications (1 unread)", home, StringComparison.Ordinal);

        var page = await clinician.GetStringAsync("/notifications");
        Assert.Contains("Your feedback for", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Only for the lead", page, StringComparison.Ordinal);
        var api = await clinician.GetFromJsonAsync<NotificationList>("/api/me/notifications", Json);
        Assert.Equal(1, api!.Unread);
        var own = Assert.Single(api.Notifications);
        Assert.Equal("/learning-cycle/practice", own.Link);

        var token = await LhsWebFactory.AntiforgeryTokenAsync(clinician, "/notifications");
        var read = await clinician.PostAsync($"/notifications?handler=Read&id={own.Id}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Equal(0, (await clinician.GetFromJsonAsync<NotificationList>("/api/me/notifications", Json))!.Unread);
        await using (var db = fixture.NewDbContext())
        {
            var leadNote = await db.Notifications.SingleAsync(n => n.Title == "Only for the lead");
            Assert.Null(leadNote.ReadAt);
            Assert.Equal(cycleId, (await db.Notifications.SingleAsync(n => n.UserId == clinicianId)).CycleId);
        }

        // Marking someone else's notification read is "not found", and leaves it unread.
        Guid leadNoteId;
        await using (var db = fixture.NewDbContext())
        {
            leadNoteId = (await db.Notifications.SingleAsync(n => n.Title == "Only for the lead")).Id;
        }

        var other = await clinician.PostAsync($"/notifications?handler=Read&id={leadNoteId}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        await using (var db = fixture.NewDbContext())
        {
            Assert.Null((await db.Notifications.SingleAsync(n => n.Id == leadNoteId)).ReadAt);
        }
    }

    [Fact]
    public async Task The_report_holds_the_clinicians_own_results_only_and_another_clinicians_report_is_not_found()
    {
        Guid cycleId;
        Guid otherPerson;
        List<string> otherNames;
        string ownName;
        await using (var db = fixture.NewDbContext())
        {
            cycleId = (await db.FeedbackCycles.SingleAsync()).Id;
            var user = await db.Users.SingleAsync(u => u.Email == App.Demo.For(Roles.Clinician).Email);
            var links = await App.Services.CreateScope().ServiceProvider.GetRequiredService<PractitionerLinks>().AllAsync();
            ownName = links.Single(l => l.PersonId == user.PersonId).DisplayName;
            otherNames = links.Where(l => l.PersonId != user.PersonId).Select(l => l.DisplayName).ToList();
            otherPerson = links.First(l => l.PersonId != user.PersonId).PersonId;
        }

        var clinician = await App.SignedInAsync(Roles.Clinician);
        var cycles = await clinician.GetStringAsync("/learning-cycle/practice/cycles");
        Assert.Contains($"/learning-cycle/practice/cycles/{cycleId}/report", cycles, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"publish-now\"", cycles, StringComparison.Ordinal);

        var report = await clinician.GetStringAsync($"/learning-cycle/practice/cycles/{cycleId}/report");
        Assert.Contains(WebUtility.HtmlEncode(ownName), report, StringComparison.Ordinal);
        Assert.NotEmpty(otherNames);
        Assert.All(otherNames, name => Assert.DoesNotContain(WebUtility.HtmlEncode(name), report, StringComparison.Ordinal));
        Assert.Contains("Antibiotics prescribed for respiratory tract infections", report, StringComparison.Ordinal);
        Assert.Contains("href=\"/css/feedback.css\"", report, StringComparison.Ordinal);
        // The report's peer figure is the pooled proportion of all clinicians in the month, worked out here from the stored counts.
        var rows = ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(App.Database.DataDir), "rti-antibiotics", "clinician");
        var month = rows.Max(r => r.PeriodStart);
        var pooled = rows.Where(r => r.PeriodStart == month).Sum(r => r.Numerator) / (double)rows.Where(r => r.PeriodStart == month).Sum(r => r.Denominator);
        Assert.Contains(CycleReportPdf.Percent(pooled), report, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/learning-cycle/practice/cycles/{cycleId}/report?personId={otherPerson}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/learning-cycle/practice/cycles/{cycleId}/report.pdf?personId={otherPerson}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/learning-cycle/practice/cycles/{Guid.NewGuid()}/report")).StatusCode);
        // A patient partner has no own-practice view at all.
        var partner = await App.SignedInAsync(Roles.PatientPartner);
        Assert.NotEqual(HttpStatusCode.OK, (await partner.GetAsync($"/learning-cycle/practice/cycles/{cycleId}/report")).StatusCode);
    }

    [Fact]
    public async Task The_pdf_report_is_a_pdf_with_a_bookmark_per_indicator()
    {
        Guid cycleId;
        await using (var db = fixture.NewDbContext())
        {
            cycleId = (await db.FeedbackCycles.SingleAsync()).Id;
        }

        var clinician = await App.SignedInAsync(Roles.Clinician);
        var response = await clinician.GetAsync($"/learning-cycle/practice/cycles/{cycleId}/report.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));
        // Bookmark titles are PDF text strings in UTF-16BE hex, e.g. /Title<FEFF0041…>, wrapped over lines when long.
        var strings = Regex.Matches(Encoding.Latin1.GetString(bytes), "/Title<FEFF([0-9A-F\\s]+)>")
            .Select(m => Encoding.BigEndianUnicode.GetString(Convert.FromHexString(Regex.Replace(m.Groups[1].Value, "\\s", ""))))
            .ToList();
        Assert.Contains("Antibiotics prescribed for respiratory tract infections", strings);
        var html = await clinician.GetStringAsync($"/learning-cycle/practice/cycles/{cycleId}/report");
        var titles = IndicatorLibrary.BuiltIn.Select(i => i.Title).Where(t => html.Contains($"id=\"{IndicatorLibrary.BuiltIn.Single(i => i.Title == t).Id}\"", StringComparison.Ordinal)).ToList();
        Assert.True(titles.Count > 1);
        Assert.All(titles, t => Assert.Contains(t, strings));
        Assert.True(bytes.Length > 5000, "the pages have content");
    }

    [Fact]
    public async Task A_lead_sees_every_cycle_with_counts_and_publishing_again_adds_nothing()
    {
        int notified;
        await using (var db = fixture.NewDbContext())
        {
            notified = (await db.FeedbackCycles.SingleAsync()).Notified;
        }

        var lead = await App.SignedInAsync(Roles.Lead);
        var page = await lead.GetStringAsync("/learning-cycle/practice/cycles");
        Assert.Contains("data-testid=\"publish-now\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"cycle-notified\">{notified}<", page, StringComparison.Ordinal);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(lead, "/learning-cycle/practice/cycles");
        var posted = await lead.PostAsync("/learning-cycle/practice/cycles?handler=Publish", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await lead.GetStringAsync("/learning-cycle/practice/cycles");
        Assert.Contains("was already published; 0 missing notification(s) added", after, StringComparison.Ordinal);
        await using (var db = fixture.NewDbContext())
        {
            Assert.Equal(1, await db.FeedbackCycles.CountAsync());
            Assert.Equal(notified, await db.Notifications.CountAsync(n => n.Kind == NotificationKind.FeedbackCycle));
        }

        // A clinician cannot publish.
        var clinician = await App.SignedInAsync(Roles.Clinician);
        var clinicianToken = await LhsWebFactory.AntiforgeryTokenAsync(clinician, "/learning-cycle/practice/cycles");
        var refused = await clinician.PostAsync("/learning-cycle/practice/cycles?handler=Publish", new FormUrlEncodedContent([new("__RequestVerificationToken", clinicianToken)]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task What_changed_lists_the_rti_antibiotics_version_change_newest_first()
    {
        var member = await App.SignedInAsync(Roles.Member);
        var page = WebUtility.HtmlDecode(await member.GetStringAsync("/learning-cycle/what-changed"));
        Assert.Contains("data-item=\"rti-antibiotics\"", page, StringComparison.Ordinal);
        Assert.Contains("1.1.0 → 1.2.0", page, StringComparison.Ordinal);
        Assert.Contains("charts re-based", page, StringComparison.Ordinal);
        Assert.DoesNotContain("First recorded", page, StringComparison.Ordinal);
        Assert.Contains("First recorded", await member.GetStringAsync("/learning-cycle/what-changed?baselines=true"), StringComparison.Ordinal);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private sealed record NotificationList(int Unread, List<NotificationView> Notifications);
}
