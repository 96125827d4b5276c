using System.Net;
using LearningHealth.Fhir;
using LearningHealth.Identity;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Fhir;

[Collection(WebCollection.Name)]
public sealed class DataPageTests(WebApps apps)
{
    private const string View = """
        {"resourceType":"ViewDefinition","name":"page_test_patients","resource":"Patient","status":"active","where":[{"path":"id.startsWith('page-')"}],
         "select":[{"column":[{"name":"id","path":"getResourceKey()","type":"string"},{"name":"postcode","path":"address.postalCode.first()","type":"string"}]}]}
        """;

    [Fact]
    public async Task Everyone_signed_in_sees_the_data_page_linked_from_the_learning_cycle()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Clinician);

        var index = await client.GetStringAsync("/learning-cycle");
        var page = await client.GetStringAsync("/learning-cycle/data");

        Assert.Contains("href=\"/learning-cycle/data\"", index, StringComparison.Ordinal);
        Assert.Contains("<h1>Routine data</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Add a view", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clinician_cannot_add_a_view()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var client = await app.SignedInAsync(Roles.Clinician);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/account/sign-in");

        var response = await client.PostAsync("/learning-cycle/data", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ViewJson"] = View,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_analyst_pastes_a_view_which_is_validated_then_materialised_and_listed()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        var dataDir = app.Database.DataDir;
        var input = Path.Combine(dataDir, "page-test-patients.ndjson");
        await File.WriteAllTextAsync(input, """
            {"resourceType":"Patient","id":"page-p1","address":[{"postalCode":"LS6 2AB"}]}
            {"resourceType":"Patient","id":"page-p2","address":[{"postalCode":"BD7 1XY"}]}
            """);
        new FhirImporter(dataDir).Import([input]);
        var client = await app.SignedInAsync(Roles.Analyst);
        var token = await LhsWebFactory.AntiforgeryTokenAsync(client, "/learning-cycle/data");

        var invalid = await client.PostAsync("/learning-cycle/data", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ViewJson"] = View.Replace("address.postalCode.first()", "address.fly()", StringComparison.Ordinal),
            ["__RequestVerificationToken"] = token,
        }));
        var valid = await client.PostAsync("/learning-cycle/data", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ViewJson"] = View,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("fly()", WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        var html = await valid.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"materialised\"", html, StringComparison.Ordinal);
        Assert.Contains("page_test_patients", html, StringComparison.Ordinal);
        Assert.Contains("LS6 2AB", html, StringComparison.Ordinal);
        Assert.Contains("<td>Patient</td>", html, StringComparison.Ordinal);
    }
}
