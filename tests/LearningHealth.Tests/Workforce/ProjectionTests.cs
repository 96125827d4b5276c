using LearningHealth.Workforce;

namespace LearningHealth.Tests.Workforce;

public sealed class ProjectionTests
{
    internal static ScenarioModel Model(string roles, int horizon = 3, string variants = "") =>
        ScenarioFile.Parse($$"""{ "startYear": 2026, "horizonYears": {{horizon}}, "roles": [ {{roles}} ] {{variants}} }""") is { Succeeded: true } ok
            ? ok.Value!
            : throw new InvalidOperationException(string.Join("; ", ScenarioFile.Parse($$"""{ "startYear": 2026, "horizonYears": {{horizon}}, "roles": [ {{roles}} ] {{variants}} }""").Problems.Select(p => p.Message)));

    private const string HandRole = """
        { "name": "Informatician", "supply": { "fte": 10 },
          "pipelines": [ { "name": "Fellowship", "durationYears": 1, "yearlyIntake": 2, "completionRate": 0.5, "inTraining": [4] } ],
          "recruitment": { "domestic": 1 },
          "attritionRate": 0.1, "retirementRate": 0.1,
          "knownEndings": [ { "year": 2027, "fte": 3 } ],
          "demand": { "fte": 10, "growthRate": 0.1, "initiatives": [ { "fromYear": 2026, "toYear": 2026, "fte": 2 } ] } }
        """;

    [Fact]
    public void A_small_projection_matches_the_hand_calculation()
    {
        // 2026: completions 4 in training × 0.5 = 2; recruits 1; attrition 10 × 0.1 = 1, retirement 1;
        //       stock 10 − 2 + 2 + 1 = 11. Demand 10 + initiative 2 = 12; gap −1.
        // 2027: completions (2026 intake 2) × 0.5 = 1; recruits 1; leavers 11 × 0.2 = 2.2; known endings 3;
        //       stock 11 − 2.2 − 3 + 1 + 1 = 7.8. Demand 10 × 1.1 = 11; gap −3.2.
        // 2028: completions 1; recruits 1; leavers 7.8 × 0.2 = 1.56; stock 7.8 − 1.56 + 2 = 8.24. Demand 10 × 1.1² = 12.1.
        var model = Model(HandRole);

        var years = Projection.Run(model, model.Variants[0]).Roles[0].Years;

        Assert.Equal([2026, 2027, 2028], years.Select(y => y.Year));
        Assert.Equal(11, years[0].Supply, 9);
        Assert.Equal(12, years[0].Demand, 9);
        Assert.Equal(-1, years[0].Gap, 9);
        Assert.Equal(2, years[0].Completions, 9);
        Assert.Equal(7.8, years[1].Supply, 9);
        Assert.Equal(3, years[1].KnownEndings, 9);
        Assert.Equal(11, years[1].Demand, 9);
        Assert.Equal(-3.2, years[1].Gap, 9);
        Assert.Equal(8.24, years[2].Supply, 9);
        Assert.Equal(12.1, years[2].Demand, 9);
    }

    [Fact]
    public void Each_year_the_stock_is_last_year_s_plus_joiners_minus_leavers()
    {
        var model = ScenarioFile.Parse(File.ReadAllText(WorkforceFiles.Example("workforce-scenario.json"))).Value!;
        foreach (var variant in Projection.RunAll(model))
        {
            foreach (var role in variant.Roles)
            {
                var previous = role.StartingSupply;
                foreach (var year in role.Years)
                {
                    Assert.Equal(previous + year.Joiners - year.Leavers, year.Supply, 9);
                    previous = year.Supply;
                }
            }
        }
    }

    [Fact]
    public void With_no_inflow_and_no_outflow_supply_is_constant()
    {
        var model = Model("""{ "name": "Patient partner", "supply": { "fte": 6.5 }, "attritionRate": 0, "demand": { "fte": 8 } }""", horizon: 25);

        var years = Projection.Run(model, model.Variants[0]).Roles[0].Years;

        Assert.Equal(25, years.Count);
        Assert.All(years, y => Assert.Equal(6.5, y.Supply));
        Assert.All(years, y => Assert.Equal(8, y.Demand));
    }

    [Fact]
    public void Known_endings_larger_than_the_stock_never_make_it_negative()
    {
        var model = Model("""
            { "name": "Contractors", "supply": { "fte": 2 }, "attritionRate": 0.5, "retirementRate": 0.5,
              "knownEndings": [ { "year": 2026, "fte": 5 }, { "year": 2027, "fte": 5 } ], "demand": { "fte": 1 } }
            """);

        foreach (var variant in Projection.RunAll(model))
        {
            Assert.All(variant.Roles[0].Years, y => Assert.True(y.Supply >= 0, $"{y.Year}: {y.Supply}"));
        }
    }

    [Fact]
    public void No_stock_is_negative_under_any_variant_or_draw()
    {
        var model = ScenarioFile.Parse(File.ReadAllText(WorkforceFiles.Example("workforce-scenario.json"))).Value!;
        var bands = MonteCarlo.Run(model, model.Variant("pessimistic"), 500, 3);
        Assert.All(bands.Roles.SelectMany(r => r.Years), y => Assert.True(y.Supply.P10 >= 0));
        Assert.All(Projection.RunAll(model).SelectMany(v => v.Roles).SelectMany(r => r.Years), y => Assert.True(y.Supply >= 0));
    }

    [Fact]
    public void Variants_move_supply_the_way_their_names_say()
    {
        var model = ScenarioFile.Parse(File.ReadAllText(WorkforceFiles.Example("workforce-scenario.json"))).Value!;
        var supply = Projection.RunAll(model).ToDictionary(v => v.Variant, v => v.Roles[0].Years[^1].Supply);
        Assert.True(supply["optimistic"] > supply["baseline"]);
        Assert.True(supply["pessimistic"] < supply["baseline"]);
    }

    [Fact]
    public void Internal_development_joins_after_its_lead_time()
    {
        // Pool 100 × rate 0.1 = 10 a year, from the third year (lead time 2).
        var model = Model("""
            { "name": "SPC", "supply": { "fte": 0 }, "internalDevelopment": { "pool": 100, "rate": 0.1, "leadTimeYears": 2 },
              "attritionRate": 0, "demand": { "fte": 0 } }
            """, horizon: 4);

        var years = Projection.Run(model, model.Variants[0]).Roles[0].Years;

        Assert.Equal([0, 0, 10, 20], years.Select(y => y.Supply));
    }

    [Fact]
    public void Registry_year_shares_count_the_days_covered()
    {
        // 1 July to 31 December 2026 is 184 of 365 days.
        Assert.Equal(184 / 365.0, DraftFromRegistry.YearShare(new DateOnly(2026, 7, 1), new DateOnly(2027, 3, 1), 2026), 12);
        Assert.Equal(1, DraftFromRegistry.YearShare(new DateOnly(2020, 1, 1), new DateOnly(2030, 1, 1), 2026), 12);
        Assert.Equal(0, DraftFromRegistry.YearShare(new DateOnly(2027, 1, 1), new DateOnly(2030, 1, 1), 2026), 12);
    }
}
