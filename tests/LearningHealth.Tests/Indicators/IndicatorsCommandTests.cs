using System.Text.Json;
using LearningHealth.Cli;

namespace LearningHealth.Tests.Indicators;

public sealed class IndicatorsCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task List_prints_the_built_in_library()
    {
        var (exit, output, error) = await Run("indicators", "list");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var ids = json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains("rti-antibiotics", ids);
        Assert.Equal("decrease", json.RootElement.EnumerateArray().First(e => e.GetProperty("id").GetString() == "rti-antibiotics").GetProperty("improvement").GetString());
    }

    [Fact]
    public async Task Without_library_the_commands_read_the_apps_library_folder_in_the_data_folder()
    {
        using var data = new LearningHealth.Tests.Infrastructure.TemporaryFolder("lhs-library-default-");
        var library = Directory.CreateDirectory(LearningHealth.Indicators.IndicatorCatalog.FolderIn(data.Path)).FullName;
        await File.WriteAllTextAsync(Path.Combine(library, "test-indicator.json"), ComputeIndicatorsTests.TestIndicatorJson);

        var (exit, output, error) = await Run("indicators", "list", "--data-dir", data.Path);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var ids = json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains("test-indicator", ids);
        Assert.Contains("rti-antibiotics", ids);
    }

    [Fact]
    public async Task Compute_writes_results_and_a_second_run_finds_nothing_changed()
    {
        using var db = ComputeIndicatorsTests.TestCases();
        var library = Directory.CreateTempSubdirectory("lhs-library-").FullName;
        try
        {
            var definition = IndicatorLibraryTests.Valid().Replace("SELECT id AS case_id\", \"FROM cases_flat", "SELECT id AS case_id, day AS event_date, clin AS clinician_id, NULL AS team_id, NULL AS site_id, 'o' AS organisation_id\", \"FROM cases_flat", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(library, "test.json"), definition);

            var (exit, output, error) = await Run("indicators", "compute", "--db", db.Path, "--library", library, "--only", "test-indicator");
            Assert.True(exit == 0, error + output);
            using (var json = JsonDocument.Parse(output))
            {
                var outcome = Assert.Single(json.RootElement.GetProperty("indicators").EnumerateArray());
                Assert.Equal("computed", outcome.GetProperty("status").GetString());
                Assert.True(outcome.GetProperty("rows").GetInt64() > 0);
            }

            (exit, output, _) = await Run("indicators", "compute", "--db", db.Path, "--library", library, "--only", "test-indicator");
            Assert.Equal(0, exit);
            Assert.Contains("\"status\": \"unchanged\"", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(library, recursive: true);
        }
    }

    [Theory]
    [InlineData("--only", "no-such-indicator", "lhs: --only: unknown indicator 'no-such-indicator' (see lhs indicators list).")]
    [InlineData("--db", "Host=localhost;Database=lhs", "lhs: --db: for lhs indicators, give the DuckDB analytics file, e.g. data/analytics.duckdb.")]
    [InlineData("--db", "/nonexistent/analytics.duckdb", "lhs: No analytics database at /nonexistent/analytics.duckdb: import FHIR data first.")]
    public async Task Errors_are_one_line(string option, string value, string expected)
    {
        var (exit, output, error) = await Run("indicators", "compute", option, value);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal(expected, error.TrimEnd('\n'));
    }
}
