using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Indicators;

public sealed class IndicatorCatalogTests
{
    [Fact]
    public void Without_a_library_folder_the_catalog_is_the_built_in_library()
    {
        using var folder = new TemporaryFolder("lhs-catalog-");
        var catalog = new IndicatorCatalog(Path.Combine(folder.Path, "indicators"));

        Assert.Equal(IndicatorLibrary.BuiltIn.Select(i => i.Id), catalog.All.Select(i => i.Id));
        Assert.Empty(catalog.Problems);
    }

    [Fact]
    public void Files_added_changed_and_removed_count_from_the_next_use_and_a_bad_file_is_left_out_with_its_problem()
    {
        using var folder = new TemporaryFolder("lhs-catalog-");
        var catalog = new IndicatorCatalog(folder.Path);
        var own = Path.Combine(folder.Path, "test-indicator.json");
        var replacing = Path.Combine(folder.Path, "rti.json");
        var broken = Path.Combine(folder.Path, "broken.json");
        var builtIn = IndicatorLibrary.BuiltIn.Single(i => i.Id == "rti-antibiotics");

        File.WriteAllText(own, ComputeIndicatorsTests.TestIndicatorJson);
        File.WriteAllText(replacing, ComputeIndicatorsTests.TestIndicatorJson
            .Replace("\"id\": \"test-indicator\", \"version\": \"1\"", "\"id\": \"rti-antibiotics\", \"version\": \"9.9.9\"", StringComparison.Ordinal));
        File.WriteAllText(broken, "{ \"id\": \"broken\", \"improvement\": \"up\" }");

        Assert.Equal("Test", catalog.Find("test-indicator")?.Title);
        Assert.Equal("9.9.9", catalog.Find("rti-antibiotics")?.Version);
        Assert.Equal(IndicatorLibrary.BuiltIn.Count + 1, catalog.All.Count);
        Assert.Null(catalog.Find("broken"));
        Assert.StartsWith("broken.json:", Assert.Single(catalog.Problems), StringComparison.Ordinal);

        File.Delete(own);
        File.Delete(replacing);
        File.WriteAllText(broken, ComputeIndicatorsTests.TestIndicatorJson.Replace("test-indicator", "fixed", StringComparison.Ordinal));

        Assert.Null(catalog.Find("test-indicator"));
        Assert.Equal(builtIn.Version, catalog.Find("rti-antibiotics")?.Version);
        Assert.NotNull(catalog.Find("fixed"));
        Assert.Empty(catalog.Problems);
    }

    [Fact]
    public async Task An_indicator_file_in_the_data_folder_is_computed_by_the_app_and_shown_with_its_results()
    {
        await using var app = await TestServices.CreateAsync();
        using (var cases = ComputeIndicatorsTests.TestCases())
        {
            File.Copy(cases.Path, AnalyticsDatabase.PathIn(app.Database.DataDir));
        }

        var library = Directory.CreateDirectory(IndicatorCatalog.FolderIn(app.Database.DataDir)).FullName;
        File.WriteAllText(Path.Combine(library, "test-indicator.json"), ComputeIndicatorsTests.TestIndicatorJson);

        var report = await app.Get<RefreshIndicators>().HandleAsync();
        var results = app.Get<GetAggregateResults>().Handle(new GetAggregateResultsQuery("test-indicator"));

        Assert.Equal("computed", report.Indicators.Single(i => i.IndicatorId == "test-indicator").Status);
        var indicator = Assert.Single(results.Value!.Indicators);
        Assert.Equal("Test", indicator.Indicator.Title);
        Assert.Equal(new DateOnly(2025, 2, 1), indicator.LatestPeriod);
        Assert.NotEmpty(indicator.Organisation);
    }
}
