using System.Net;
using LearningHealth.AreaData;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.AreaData;

/// <summary>
/// An app of its own for the area data pages (the demo with its routine and synthetic area data), so tests elsewhere
/// that replace the shared app's analytics file cannot change what these see. Area data live in DuckDB only, so one
/// relational provider suffices.
/// </summary>
public sealed class AreaDataApp : IAsyncLifetime
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
}

public sealed class AreaDataPagesTests(AreaDataApp fixture) : IClassFixture<AreaDataApp>
{
    private readonly LhsWebFactory app = fixture.App;

    [Fact]
    public async Task A_patient_partner_sees_only_the_organisation_wide_chart_with_small_numbers_hidden()
    {
        var client = await app.SignedInAsync(Roles.PatientPartner);

        var index = await client.GetStringAsync("/learning-cycle/area-data");
        var page = await client.GetStringAsync("/learning-cycle/area-data/rti-antibiotics?level=clinician&unit=anyone&compare=site");
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/learning-cycle/area-data");
        var upload = await client.PostAsync("/learning-cycle/area-data", Upload(token, "area_code,deprivation_decile\nLS1,3\n", "partner-try"));

        Assert.Contains("href=\"/learning-cycle/area-data/rti-antibiotics\"", index, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"area-datasets\"", index, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"import-form\"", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Contains("data-testid=\"chart-strata\"", page, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"synthetic-warning\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"suppression-note\"", page, StringComparison.Ordinal);
        Assert.Contains("all patients", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"standardised\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"level\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_sees_data_sets_with_coverage_the_full_strata_and_the_standardised_comparison()
    {
        var client = await app.SignedInAsync(Roles.Analyst);

        var index = await client.GetStringAsync("/learning-cycle/area-data");
        var page = await client.GetStringAsync("/learning-cycle/area-data/rti-antibiotics");
        var sites = await client.GetStringAsync("/learning-cycle/area-data/rti-antibiotics?compare=site&grouping=quintile");

        Assert.Contains(SyntheticAreaData.Name, index, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"synthetic\"", index, StringComparison.Ordinal);
        // Every demo patient lives in one of the generator's districts, all of which the synthetic data set has.
        Assert.Contains($"{SeedDemoPatients:N0} of {SeedDemoPatients:N0} (100.0%)", index, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-strata\"", page, StringComparison.Ordinal);
        Assert.Contains("Decile 1 (most deprived)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"suppression-note\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"standardised\"", page, StringComparison.Ordinal);
        Assert.Contains("funnel plot of standardised ratios for", page, StringComparison.Ordinal);
        // The demo's clinicians are named in the comparison; the unlinked practitioners stay as their key.
        var links = await app.Services.CreateScope().ServiceProvider.GetRequiredService<LearningHealth.Feedback.PractitionerLinks>().AllAsync();
        Assert.Contains($"<td>{WebUtility.HtmlEncode(links[0].DisplayName)}</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<td>{links[0].PractitionerKey}</td>", page, StringComparison.Ordinal);
        Assert.Contains("Quintile 5 (deciles 9–10, least deprived)", WebUtility.HtmlDecode(sites), StringComparison.Ordinal);
        Assert.Contains("funnel plot of standardised ratios for 3 sites", sites, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_uploads_a_data_set_and_sees_problems_by_line_and_column_when_it_is_wrong()
    {
        var client = await app.SignedInAsync(Roles.Analyst);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/learning-cycle/area-data");

        var wrong = await client.PostAsync("/learning-cycle/area-data", Upload(token, "area_code,deprivation_decile\nLS1,3\nLS1,12\n", "page-upload"));
        var right = await client.PostAsync("/learning-cycle/area-data", Upload(token, "area_code,rurality\nLS1,urban\nLS2,urban\n", "page-upload"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var problems = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"import-problems\"", problems, StringComparison.Ordinal);
        Assert.Contains("<td>3</td><td>area_code</td>", problems, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var html = await right.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"imported\"", html, StringComparison.Ordinal);
        Assert.Contains("page-upload", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_indicator_is_not_found()
    {
        var client = await app.SignedInAsync(Roles.PatientPartner);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/learning-cycle/area-data/no-such-indicator")).StatusCode);
    }

    private const int SeedDemoPatients = LearningHealth.Demo.SeedDemoRoutineData.Patients;

    private static MultipartFormDataContent Upload(string token, string csv, string name) => new()
    {
        { new StringContent(token), "__RequestVerificationToken" },
        { new StringContent(name), "Name" },
        { new StringContent("postcode_district"), "AreaType" },
        { new StringContent("Test"), "Source" },
        { new StringContent("OGL v3.0"), "Licence" },
        { new StringContent("2025-01-01"), "DataDate" },
        { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "areas.csv" },
    };
}
