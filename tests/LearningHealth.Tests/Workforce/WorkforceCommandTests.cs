using System.Text.Json;
using LearningHealth.Cli;

namespace LearningHealth.Tests.Workforce;

public sealed class WorkforceCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lhs-workforce-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string Scenario = WorkforceFiles.Example("workforce-scenario.json");

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<JsonElement> RunJson(params string[] args)
    {
        var (exit, output, error) = await Run(args);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        Assert.Empty(error);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static async Task<string> RunError(params string[] args)
    {
        var (exit, output, error) = await Run(args);
        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("lhs: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        return error;
    }

    private string File(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Project_prints_every_variant_year_by_year()
    {
        var json = await RunJson("workforce", "project", Scenario);

        var variants = json.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(["baseline", "optimistic", "pessimistic"], variants.Select(v => v.GetProperty("name").GetString()));
        var informatician = variants[0].GetProperty("roles")[0];
        Assert.Equal("Clinical informatician", informatician.GetProperty("role").GetString());
        var first = informatician.GetProperty("years")[0];
        // 4 − 4 × 0.12 + 2 in training × 0.8 + 0.5 recruits = 5.62; demand 6 + 1.5 = 7.5.
        Assert.Equal(2026, first.GetProperty("year").GetInt32());
        Assert.Equal(5.62, first.GetProperty("supply").GetDouble(), 9);
        Assert.Equal(7.5, first.GetProperty("demand").GetDouble(), 9);
        Assert.Equal(-1.88, first.GetProperty("gap").GetDouble(), 9);
        Assert.Equal(10, informatician.GetProperty("years").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("monteCarlo").ValueKind);
    }

    [Fact]
    public async Task Project_with_runs_and_a_seed_is_reproducible()
    {
        var (_, first, _) = await Run("workforce", "project", Scenario, "--runs", "500", "--seed", "9");
        var (_, second, _) = await Run("workforce", "project", Scenario, "--runs", "500", "--seed", "9");
        Assert.Equal(first, second);

        using var json = JsonDocument.Parse(first);
        var mc = json.RootElement.GetProperty("monteCarlo");
        Assert.Equal(500, mc.GetProperty("runs").GetInt32());
        var band = mc.GetProperty("roles")[0].GetProperty("years")[5].GetProperty("supply");
        Assert.True(band.GetProperty("p10").GetDouble() < band.GetProperty("p90").GetDouble());
    }

    [Fact]
    public async Task Project_as_csv_has_a_row_per_variant_role_and_year()
    {
        var (exit, output, error) = await Run("workforce", "project", Scenario, "--format", "csv", "--runs", "100");

        Assert.Equal(0, exit);
        Assert.Empty(error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("variant,role,year,supply,demand,gap,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("gap_p10,gap_p50,gap_p90,share_closed", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + (3 * 4 * 10), lines.Length);
        Assert.StartsWith("baseline,Clinical informatician,2026,5.62,7.5,-1.88,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_prints_the_smallest_intake_and_its_first_year()
    {
        var json = await RunJson("workforce", "solve", Scenario, "--role", "Data scientist", "--target-year", "2035", "--variant", "pessimistic");

        Assert.True(json.GetProperty("extraIntake").GetInt32() > 0);
        Assert.True(json.GetProperty("gapInTargetYear").GetDouble() >= 0);
        Assert.True(json.GetProperty("gapWithOneFewer").GetDouble() < 0);
        Assert.Contains("Graduate scheme", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_with_a_confidence_plans_against_the_monte_carlo_runs()
    {
        var json = await RunJson("workforce", "solve", Scenario, "--role", "Data scientist", "--target-year", "2035", "--confidence", "0.9", "--runs", "400", "--seed", "2");

        Assert.Equal(0.9, json.GetProperty("confidence").GetDouble());
        Assert.True(json.GetProperty("shareClosed").GetDouble() >= 0.9);
        Assert.True(json.GetProperty("shareClosedWithOneFewer").GetDouble() < 0.9);
        Assert.Contains("--runs and --seed are used only with --confidence", await RunError("workforce", "solve", Scenario, "--role", "Data scientist", "--target-year", "2035", "--runs", "10"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_with_a_target_inside_the_lead_time_says_the_earliest_year()
    {
        var error = await RunError("workforce", "solve", Scenario, "--role", "Clinical informatician", "--target-year", "2027");
        Assert.Contains("2028 at the earliest", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wisn_prints_the_worked_example_as_json()
    {
        var json = await RunJson("workforce", "wisn", "--input", WorkforceFiles.Example("wisn-study.json"));

        var nurses = json.GetProperty("results")[0];
        Assert.Equal("Nurse", nurses.GetProperty("staffCategory").GetString());
        Assert.Equal(3.729412, nurses.GetProperty("requiredStaff").GetDouble(), 6);
        Assert.Equal(0.804416, nurses.GetProperty("wisnRatio").GetDouble(), 6);
        Assert.Equal("shortage", nurses.GetProperty("assessment").GetString());
        // 210 days × 7.5 h = 1,575 h; 300 reviews × 5.25 h = 1,575 h → 1 staff; CAF 1 / 0.9 → 1.111111.
        Assert.Equal(1.111111, json.GetProperty("results")[1].GetProperty("requiredStaff").GetDouble(), 6);
    }

    [Fact]
    public async Task A_bad_scenario_is_one_line_naming_the_field()
    {
        var path = File("bad.json", """
            { "startYear": 2026, "horizonYears": 5, "roles": [ { "name": "X", "supply": { "fte": 1 }, "attritionRate": 1.2, "demand": { "fte": 1 } } ] }
            """);
        var error = await RunError("workforce", "project", path);
        Assert.Contains("roles[0].attritionRate is a rate and must be between 0 and 1; it is 1.2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_and_bad_options_are_errors()
    {
        Assert.Contains("no such file", await RunError("workforce", "project", Path.Combine(_folder, "none.json")), StringComparison.Ordinal);
        Assert.Contains("unknown format 'xml'", await RunError("workforce", "project", Scenario, "--format", "xml"), StringComparison.Ordinal);
        Assert.Contains("--runs must be between", await RunError("workforce", "project", Scenario, "--runs", "0"), StringComparison.Ordinal);
        Assert.Contains("--seed is used only with --runs", await RunError("workforce", "project", Scenario, "--seed", "3"), StringComparison.Ordinal);
        Assert.Contains("unknown scenario variant 'hopeful'", await RunError("workforce", "project", Scenario, "--runs", "10", "--variant", "hopeful"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wisn_with_a_missing_field_names_it()
    {
        var path = File("study.json", """{ "categories": [ { "staffCategory": "Nurse", "workingTime": { "workingDays": 260 } } ] }""");
        Assert.Contains("categories[0].workingTime.hoursPerDay is required", await RunError("workforce", "wisn", "--input", path), StringComparison.Ordinal);
    }
}

public sealed class WorkforceDraftCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lhs-workforce-draft-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Draft_writes_a_valid_scenario_from_the_demo_registry()
    {
        using (var seedOutput = new StringWriter())
        using (var seedError = new StringWriter())
        {
            Assert.Equal(0, await LhsCommand.Create(seedOutput, seedError).Parse(["demo", "seed", "--data-dir", _folder]).InvokeAsync());
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(["workforce", "draft", "--data-dir", _folder, "--horizon", "5"]).InvokeAsync();

        Assert.True(exit == 0, error.ToString());
        var model = LearningHealth.Workforce.ScenarioFile.Parse(output.ToString());
        Assert.True(model.Succeeded, string.Join("; ", model.Problems.Select(p => p.Message)));
        Assert.Equal(5, model.Value!.HorizonYears);
        Assert.Contains(model.Value.Roles, r => r.Name == "Digital and informatics" && r.StartingFte > 0);
    }
}
