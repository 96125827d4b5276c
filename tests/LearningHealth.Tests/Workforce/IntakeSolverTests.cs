using LearningHealth.Workforce;

namespace LearningHealth.Tests.Workforce;

public sealed class IntakeSolverTests
{
    private const string Role = """
        { "name": "Clinical informatician", "supply": { "fte": 4 },
          "pipelines": [ { "name": "FCI fellowship", "durationYears": 2, "yearlyIntake": 1, "completionRate": 0.8 } ],
          "attritionRate": 0.1, "demand": { "fte": 6, "growthRate": 0.05 } }
        """;

    private static double GapWith(ScenarioModel model, int extra, int fromYear, int targetYear)
    {
        var role = model.Roles[0];
        var parameters = RunParameters.For(role, model.Variants[0]) with
        {
            ExtraIntakeRoute = 0,
            ExtraIntakeFromIndex = fromYear - model.StartYear,
            ExtraIntake = extra,
        };
        return Projection.Role(model, role, parameters).Years.Single(y => y.Year == targetYear).Gap;
    }

    [Fact]
    public void The_answer_closes_the_gap_and_one_fewer_does_not()
    {
        var model = ProjectionTests.Model(Role, horizon: 10);

        var outcome = IntakeSolver.Solve(model, "clinical informatician", 2031);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        var answer = outcome.Value!;
        Assert.True(answer.ExtraIntake > 0);
        Assert.True(GapWith(model, answer.ExtraIntake, answer.FromYear, 2031) >= 0);
        Assert.True(GapWith(model, answer.ExtraIntake - 1, answer.FromYear, 2031) < 0);
        Assert.Equal(answer.GapInTargetYear, GapWith(model, answer.ExtraIntake, answer.FromYear, 2031), 12);
        // No start year needs fewer: starting at any year with one fewer leaves a gap.
        for (var start = 2026; start <= answer.LatestStartYear; start++)
        {
            Assert.True(GapWith(model, answer.ExtraIntake - 1, start, 2031) < 0, $"start {start}");
        }

        Assert.Contains("FCI fellowship", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_sooner_than_the_lead_time_allows_is_refused_with_the_earliest_year()
    {
        var model = ProjectionTests.Model(Role, horizon: 10);

        var problem = Assert.Single(IntakeSolver.Solve(model, "Clinical informatician", 2027).Problems);

        Assert.Equal("targetYear", problem.Field);
        Assert.Contains("takes 2 years", problem.Message, StringComparison.Ordinal);
        Assert.Contains("2028 at the earliest", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_already_closed_needs_no_extra_intake()
    {
        var model = ProjectionTests.Model(Role.Replace("\"fte\": 6", "\"fte\": 1", StringComparison.Ordinal), horizon: 10);
        var answer = IntakeSolver.Solve(model, "Clinical informatician", 2030).Value!;
        Assert.Equal(0, answer.ExtraIntake);
    }

    [Fact]
    public void A_route_nobody_completes_cannot_close_the_gap()
    {
        var model = ProjectionTests.Model(Role.Replace("\"completionRate\": 0.8", "\"completionRate\": 0", StringComparison.Ordinal), horizon: 10);
        var problem = Assert.Single(IntakeSolver.Solve(model, "Clinical informatician", 2032).Problems);
        Assert.Contains("completion rate of 0", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_roles_routes_and_years_are_named()
    {
        var model = ProjectionTests.Model(Role, horizon: 10);
        Assert.Equal("role", IntakeSolver.Solve(model, "Nurse", 2030).Problems[0].Field);
        Assert.Equal("route", IntakeSolver.Solve(model, "Clinical informatician", 2030, "MSc").Problems[0].Field);
        Assert.Equal("targetYear", IntakeSolver.Solve(model, "Clinical informatician", 2040).Problems[0].Field);
    }
}

public sealed class IntakeSolverUncertaintyTests
{
    private static ScenarioModel Example() => ScenarioFile.Parse(WorkforceExamples.Scenario).Value!;

    [Fact]
    public void Planning_for_90_percent_of_runs_needs_at_least_the_deterministic_intake_and_is_verified()
    {
        var model = Example();
        var plain = IntakeSolver.Solve(model, "Data scientist", 2035).Value!;
        var sure = IntakeSolver.Solve(model, "Data scientist", 2035, uncertainty: new SolveUncertainty(0.9, 500, 3)).Value!;

        Assert.True(sure.ExtraIntake >= plain.ExtraIntake, $"{sure.ExtraIntake} < {plain.ExtraIntake}");
        Assert.True(sure.ShareClosed >= 0.9);
        Assert.True(sure.ShareClosedWithOneFewer < 0.9);
        Assert.Contains("in at least 90% of 500 runs", sure.Message, StringComparison.Ordinal);
        Assert.Null(plain.ShareClosed);
    }

    [Fact]
    public void The_same_seed_gives_the_same_plan()
    {
        var model = Example();
        var first = IntakeSolver.Solve(model, "Data scientist", 2034, uncertainty: new SolveUncertainty(0.8, 300, 11)).Value!;
        var second = IntakeSolver.Solve(model, "Data scientist", 2034, uncertainty: new SolveUncertainty(0.8, 300, 11)).Value!;
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    public void A_confidence_outside_0_to_1_is_named(double confidence)
    {
        var problem = Assert.Single(IntakeSolver.Solve(Example(), "Data scientist", 2035, uncertainty: new SolveUncertainty(confidence, 100, 1)).Problems);
        Assert.Equal("confidence", problem.Field);
    }
}
