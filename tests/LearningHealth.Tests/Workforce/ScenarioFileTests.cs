using LearningHealth.Workforce;

namespace LearningHealth.Tests.Workforce;

public sealed class ScenarioFileTests
{
    private const string Role = """
        { "name": "Data scientist", "supply": { "fte": 3 },
          "pipelines": [ { "name": "Graduate scheme", "durationYears": 1, "yearlyIntake": 1, "completionRate": 0.9 } ],
          "attritionRate": 0.15, "demand": { "fte": 5 } }
        """;

    private static string Scenario(string role = Role, int horizon = 10) =>
        $$"""{ "startYear": 2026, "horizonYears": {{horizon}}, "roles": [ {{role}} ] }""";

    private static IReadOnlyList<LearningHealth.Hosting.Problem> Problems(string json)
    {
        var outcome = ScenarioFile.Parse(json);
        Assert.False(outcome.Succeeded);
        return outcome.Problems;
    }

    [Fact]
    public void A_valid_scenario_gets_the_three_default_variants()
    {
        var outcome = ScenarioFile.Parse(Scenario());

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        Assert.Equal(["baseline", "optimistic", "pessimistic"], outcome.Value!.Variants.Select(v => v.Name));
    }

    [Fact]
    public void The_example_in_the_docs_is_valid()
    {
        var outcome = ScenarioFile.Parse(File.ReadAllText(WorkforceFiles.Example("workforce-scenario.json")));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        Assert.Equal(4, outcome.Value!.Roles.Count);
    }

    [Fact]
    public void A_negative_rate_is_named()
    {
        var problem = Assert.Single(Problems(Scenario(Role.Replace("\"attritionRate\": 0.15", "\"attritionRate\": -0.1", StringComparison.Ordinal))));
        Assert.Equal("roles[0].attritionRate", problem.Field);
        Assert.Contains("between 0 and 1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_above_one_is_named()
    {
        var problem = Assert.Single(Problems(Scenario(Role.Replace("\"completionRate\": 0.9", "\"completionRate\": 1.5", StringComparison.Ordinal))));
        Assert.Equal("roles[0].pipelines[0].completionRate", problem.Field);
        Assert.Contains("it is 1.5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_fields_are_named()
    {
        var problems = Problems("""{ "horizonYears": 5, "roles": [ { "name": "X", "pipelines": [ { "durationYears": 1 } ] } ] }""");
        var fields = problems.Select(p => p.Field).ToList();
        Assert.Contains("startYear", fields);
        Assert.Contains("roles[0].supply", fields);
        Assert.Contains("roles[0].pipelines[0].yearlyIntake", fields);
        Assert.Contains("roles[0].pipelines[0].completionRate", fields);
        Assert.Contains("roles[0].attritionRate", fields);
        Assert.Contains("roles[0].demand", fields);
    }

    [Fact]
    public void A_route_longer_than_the_horizon_is_named()
    {
        var problem = Assert.Single(Problems(Scenario(Role.Replace("\"durationYears\": 1", "\"durationYears\": 12", StringComparison.Ordinal), horizon: 10)));
        Assert.Equal("roles[0].pipelines[0].durationYears", problem.Field);
        Assert.Contains("longer than the horizon (10 years)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_horizon_beyond_25_years_is_refused()
    {
        Assert.Contains(Problems(Scenario(horizon: 30)), p => p.Field == "horizonYears");
    }

    [Fact]
    public void Unknown_fields_and_wrong_types_are_named()
    {
        var typo = Assert.Single(Problems(Scenario(Role.Replace("\"attritionRate\"", "\"attritonRate\"", StringComparison.Ordinal))));
        Assert.Contains("attritonRate", typo.Message, StringComparison.Ordinal);

        var wrongType = Assert.Single(Problems(Scenario(Role.Replace("\"fte\": 3", "\"fte\": \"three\"", StringComparison.Ordinal))));
        Assert.Equal("roles[0].supply.fte", wrongType.Field);
    }

    [Fact]
    public void Age_band_shares_must_add_up_to_one()
    {
        var role = Role.Replace("\"attritionRate\": 0.15", """
            "ageBands": [ { "share": 0.5, "attritionRate": 0.1 }, { "share": 0.4, "attritionRate": 0.05, "retirementRate": 0.2 } ]
            """, StringComparison.Ordinal);
        var problem = Assert.Single(Problems(Scenario(role)));
        Assert.Equal("roles[0].ageBands", problem.Field);
        Assert.Contains("add up to 0.9", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Age_bands_give_the_weighted_rates()
    {
        // 0.5 × 0.10 + 0.5 × 0.06 = 0.08 attrition; 0.5 × 0 + 0.5 × 0.2 = 0.1 retirement.
        var role = Role.Replace("\"attritionRate\": 0.15", """
            "ageBands": [ { "share": 0.5, "attritionRate": 0.1 }, { "share": 0.5, "attritionRate": 0.06, "retirementRate": 0.2 } ]
            """, StringComparison.Ordinal);
        var model = ScenarioFile.Parse(Scenario(role)).Value!.Roles[0];
        Assert.Equal(0.08, model.AttritionRate, 12);
        Assert.Equal(0.1, model.RetirementRate, 12);
    }

    [Fact]
    public void A_bad_distribution_is_named()
    {
        var role = Role.Replace("\"attritionRate\": 0.15", """
            "attritionRate": 0.15, "uncertainty": { "attritionRate": { "type": "triangular", "min": 0.2, "mode": 0.1, "max": 0.3 }, "completionRate": { "type": "lognormal" } }
            """, StringComparison.Ordinal);
        var fields = Problems(Scenario(role)).Select(p => p.Field).ToList();
        Assert.Contains("roles[0].uncertainty.attritionRate.mode", fields);
        Assert.Contains("roles[0].uncertainty.completionRate.type", fields);
    }

    [Fact]
    public void Competency_supply_uses_the_register_when_it_answers_and_the_entered_figure_otherwise()
    {
        var role = Role.Replace("\"supply\": { \"fte\": 3 }", """
            "supply": { "fte": 3, "competency": { "framework": "LHS", "code": "SPC", "minimumLevel": 3 } }
            """, StringComparison.Ordinal);

        Assert.Equal(3, ScenarioFile.Parse(Scenario(role)).Value!.Roles[0].StartingFte);
        Assert.Equal(3, ScenarioFile.Parse(Scenario(role), _ => null).Value!.Roles[0].StartingFte);
        var fromRegister = ScenarioFile.Parse(Scenario(role), c => c.Code == "SPC" && c.MinimumLevel == 3 ? 7.5 : null).Value!.Roles[0];
        Assert.Equal(7.5, fromRegister.StartingFte);
        Assert.Contains("competency LHS SPC", fromRegister.SupplySource, StringComparison.Ordinal);
    }
}

internal static class WorkforceFiles
{
    /// <summary>An example under src/LearningHealth/Workforce/Examples, found by walking up from the test's folder to the repository root.</summary>
    public static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "LearningHealth", "Workforce", "Examples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"Workforce/Examples/{name} not found above {AppContext.BaseDirectory}.");
    }
}

public sealed class CompetencySupplySourceTests
{
    private sealed class Register : ICompetencySupplySource
    {
        public double? FteHolding(string framework, string code, int minimumLevel) =>
            framework == "LHS" && code == "SPC" && minimumLevel == 3 ? 9.5 : null;
    }

    [Fact]
    public void Until_a_register_answers_the_entered_figure_is_used()
    {
        var entered = ScenarioFile.Parse(WorkforceExamples.Scenario, new EnteredFiguresOnly().AsLookup()).Value!;
        var fromRegister = ScenarioFile.Parse(WorkforceExamples.Scenario, new Register().AsLookup()).Value!;

        Assert.Equal(12, entered.Roles.Single(r => r.Name == "SPC-literate clinician").StartingFte);
        Assert.Equal(9.5, fromRegister.Roles.Single(r => r.Name == "SPC-literate clinician").StartingFte);
        Assert.Equal(4, fromRegister.Roles.Single(r => r.Name == "Clinical informatician").StartingFte);
    }
}
