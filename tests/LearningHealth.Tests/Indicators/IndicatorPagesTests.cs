using System.Net;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Indicators;

[Collection(WebCollection.Name)]
public sealed class IndicatorPagesTests(WebApps apps)
{
    [Fact]
    public async Task Every_signed_in_role_sees_the_library_but_only_analysts_and_admins_open_an_indicator()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var clinician = await app.SignedInAsync(Roles.Clinician);

        var list = await clinician.GetStringAsync("/learning-cycle/indicators");
        Assert.Contains("Antibiotics prescribed for respiratory tract infections", list, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/learning-cycle/indicators/rti-antibiotics\"", list, StringComparison.Ordinal);
        var forbidden = await clinician.GetAsync("/learning-cycle/indicators/rti-antibiotics");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);

        var analyst = await app.SignedInAsync(Roles.Analyst);
        Assert.Contains("href=\"/learning-cycle/indicators/rti-antibiotics\"", await analyst.GetStringAsync("/learning-cycle/indicators"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/learning-cycle/indicators/no-such-indicator")).StatusCode);
    }

    [Fact]
    public async Task Analysts_are_told_where_their_indicator_files_go_and_which_were_left_out_and_why()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var library = Directory.CreateDirectory(IndicatorCatalog.FolderIn(app.Database.DataDir)).FullName;
        var broken = Path.Combine(library, "my-measure.json");
        File.WriteAllText(broken, "{ \"id\": \"my-measure\", \"improvement\": \"up\" }");
        try
        {
            var analyst = await app.SignedInAsync(Roles.Analyst);
            var clinician = await app.SignedInAsync(Roles.Clinician);

            var forAnalyst = await analyst.GetStringAsync("/learning-cycle/indicators");
            var forClinician = await clinician.GetStringAsync("/learning-cycle/indicators");

            Assert.Contains(library, forAnalyst, StringComparison.Ordinal);
            Assert.Contains("data-testid=\"library-problems\"", forAnalyst, StringComparison.Ordinal);
            Assert.Contains("my-measure.json: ", forAnalyst, StringComparison.Ordinal);
            Assert.Contains("Antibiotics prescribed for respiratory tract infections", forAnalyst, StringComparison.Ordinal);
            Assert.DoesNotContain("library-problems", forClinician, StringComparison.Ordinal);
            Assert.DoesNotContain(library, forClinician, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task An_analyst_runs_the_computation_and_sees_the_funnel_plot_spc_chart_and_data()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var path = AnalyticsDatabase.PathIn(app.Database.DataDir);
        File.Delete(path);
        using (var connection = ComputeIndicators.Open(path, readOnly: false))
        {
            // Three clinicians, 14 months, 12 consultations a month for a cold; clinician k prescribes in (k + 2 + month % 3) of them.
            ComputeIndicators.Execute(connection, """
                CREATE TABLE encounter_flat AS
                  SELECT 'e' || i AS id, 'p' || i AS patient, 'Practitioner/' || (i % 3) AS practitioner, 's1' AS site, 'o1' AS organisation,
                         'AMB' AS class, strftime(DATE '2024-01-10' + INTERVAL (i // 36) MONTH, '%Y-%m-%d') AS start_date, '82272006' AS reason_code
                  FROM range(14 * 36) t(i);
                CREATE TABLE medication_request_flat AS
                  SELECT 'm' || i AS id, 'p' || i AS patient, 'e' || i AS encounter, '308182' AS medication_code
                  FROM range(14 * 36) t(i)
                  WHERE (i % 36) // 3 < (i % 3) + 2 + (i // 36) % 3;
                """);
        }

        var analyst = await app.SignedInAsync(Roles.Analyst);
        var before = await analyst.GetStringAsync("/learning-cycle/indicators/rti-antibiotics");
        Assert.Contains("No results yet", before, StringComparison.Ordinal);
        Assert.Contains("action=\"/learning-cycle/indicators/rti-antibiotics?level=clinician&amp;handler=Compute\"", before, StringComparison.Ordinal);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(analyst, "/learning-cycle/indicators/rti-antibiotics");
        var posted = await analyst.PostAsync("/learning-cycle/indicators/rti-antibiotics?handler=Compute&level=clinician",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("force", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        // The computation runs in the background; the page says it started, then how it ended.
        var computations = app.Services.GetRequiredService<ComputeIndicatorsInBackground>();
        await computations.WhenIdle().WaitAsync(TimeSpan.FromMinutes(2));
        var page = await analyst.GetStringAsync(posted.Headers.Location!.ToString());
        Assert.Contains("The computation has started", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"compute-outcome\"", page, StringComparison.Ordinal);
        Assert.Contains("Computed 2 indicator(s)", page, StringComparison.Ordinal); // antibiotics and reason recorded; the others lack view tables
        using (var scope = app.Services.CreateScope())
        {
            var entry = scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking()
                .Where(e => e.Action == LearningHealth.Audit.AuditActions.IndicatorsComputed).AsEnumerable().Last();
            Assert.Contains("from the page of rti-antibiotics", entry.Details, StringComparison.Ordinal);
            Assert.NotNull(entry.ActorUserId); // recorded in the name of the analyst who started it
        }
        Assert.Contains("data-testid=\"chart-funnel\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-spc\"", page, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", page, StringComparison.Ordinal);
        Assert.Contains("funnel plot of 3 clinicians", page, StringComparison.Ordinal);

        var svg = await analyst.GetAsync("/learning-cycle/indicators/rti-antibiotics?handler=Download&chart=spc&format=svg&level=clinician&unit=Practitioner%2F0");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("statistical process control (XmR) chart of 14 periods", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var png = await analyst.GetAsync("/learning-cycle/indicators/rti-antibiotics?handler=Download&chart=funnel&format=png&level=clinician");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal((byte)0x89, (await png.Content.ReadAsByteArrayAsync())[0]);
        var csv = await analyst.GetStringAsync("/learning-cycle/indicators/rti-antibiotics?handler=Download&chart=funnel&format=csv&level=clinician");
        Assert.StartsWith("Unit,Numerator,Denominator,Value", csv, StringComparison.Ordinal);
        Assert.Equal(4, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // Teams: an initiative's team of Practitioner/0 and Practitioner/1 gets its own results, shown under its title.
        Guid initiative;
        string title;
        using (var scope = app.Services.CreateScope())
        {
            var first = scope.ServiceProvider.GetRequiredService<AppDbContext>().Initiatives.AsNoTracking().OrderBy(i => i.Title).First();
            (initiative, title) = (first.Id, first.Title);
        }

        Assert.DoesNotContain("<option value=\"team\"", page, StringComparison.Ordinal);
        using (var connection = ComputeIndicators.Open(path, readOnly: false))
        {
            ComputeIndicators.Execute(connection,
                $"CREATE OR REPLACE TABLE team_members AS SELECT '{initiative}' AS team_id, 'Practitioner/' || k AS clinician_id FROM range(2) t(k)");
        }

        new ComputeIndicators(TimeProvider.System).Handle(new() { DatabasePath = path });
        var teams = await analyst.GetStringAsync("/learning-cycle/indicators/rti-antibiotics?level=team");
        Assert.Contains("<option value=\"team\" selected=\"selected\">team</option>", teams, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{initiative}\" selected=\"selected\">{System.Net.WebUtility.HtmlEncode(title)}</option>", teams, StringComparison.Ordinal);
        Assert.Contains("funnel plot of 1 team", teams, StringComparison.Ordinal);
    }
}
