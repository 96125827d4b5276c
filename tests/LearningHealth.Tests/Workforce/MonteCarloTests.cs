using LearningHealth.Workforce;

namespace LearningHealth.Tests.Workforce;

public sealed class MonteCarloTests
{
    private static ScenarioModel Example() =>
        ScenarioFile.Parse(File.ReadAllText(WorkforceFiles.Example("workforce-scenario.json"))).Value!;

    [Fact]
    public void With_zero_variance_every_band_equals_the_deterministic_run()
    {
        var model = ProjectionTests.Model("""
            { "name": "Informatician", "supply": { "fte": 4 },
              "pipelines": [ { "durationYears": 2, "yearlyIntake": 2, "completionRate": 0.8 } ],
              "recruitment": { "domestic": 0.5 }, "attritionRate": 0.1, "retirementRate": 0.02,
              "demand": { "fte": 6, "growthRate": 0.05 },
              "uncertainty": {
                "attritionRate": { "type": "normal", "mean": 0.1, "sd": 0 },
                "completionRate": { "type": "triangular", "min": 0.8, "mode": 0.8, "max": 0.8 },
                "demandGrowthRate": { "type": "normal", "mean": 0.05, "sd": 0 } } }
            """, horizon: 10);

        foreach (var variant in model.Variants)
        {
            var deterministic = Projection.Run(model, variant).Roles[0].Years;
            var bands = MonteCarlo.Run(model, variant, 200, 42).Roles[0].Years;
            for (var i = 0; i < deterministic.Count; i++)
            {
                Assert.Equal(deterministic[i].Supply, bands[i].Supply.P10);
                Assert.Equal(deterministic[i].Supply, bands[i].Supply.P50);
                Assert.Equal(deterministic[i].Supply, bands[i].Supply.P90);
                Assert.Equal(deterministic[i].Demand, bands[i].Demand.P50);
                Assert.Equal(deterministic[i].Gap, bands[i].Gap.P50);
            }
        }
    }

    [Fact]
    public void A_role_without_uncertainty_has_bands_equal_to_the_deterministic_run()
    {
        var model = Example();
        var deterministic = Projection.Run(model, model.Variants[0]).Roles[3].Years;
        var bands = MonteCarlo.Run(model, model.Variants[0], 100, 1).Roles[3].Years;
        Assert.Equal(deterministic.Select(y => y.Supply), bands.Select(b => b.Supply.P10));
        Assert.Equal(deterministic.Select(y => y.Supply), bands.Select(b => b.Supply.P90));
    }

    [Fact]
    public void The_same_seed_gives_the_same_bands_whatever_the_threads()
    {
        var model = Example();
        var one = MonteCarlo.Run(model, model.Variants[0], 2000, 7, maxDegreeOfParallelism: 1);
        var many = MonteCarlo.Run(model, model.Variants[0], 2000, 7, maxDegreeOfParallelism: 4);
        var again = MonteCarlo.Run(model, model.Variants[0], 2000, 7);
        var other = MonteCarlo.Run(model, model.Variants[0], 2000, 8);

        Assert.Equal(Flatten(one), Flatten(many));
        Assert.Equal(Flatten(one), Flatten(again));
        Assert.NotEqual(Flatten(one), Flatten(other));
    }

    [Fact]
    public void Bands_are_ordered_and_spread_where_rates_vary()
    {
        var bands = MonteCarlo.Run(Example(), Example().Variants[0], 2000, 11).Roles[0].Years;
        Assert.All(bands, b => Assert.True(b.Supply.P10 <= b.Supply.P50 && b.Supply.P50 <= b.Supply.P90));
        Assert.True(bands[^1].Supply.P90 - bands[^1].Supply.P10 > 0.5);
        Assert.All(bands, b => Assert.InRange(b.ShareClosed, 0, 1));
    }

    [Fact]
    public void Draws_are_clipped_to_the_valid_range_and_follow_their_distribution()
    {
        var wide = new DistributionModel(DistributionKind.Normal, 0.5, 2, 0, 0, 0, 1);
        var beta = new DistributionModel(DistributionKind.Beta, 2, 6, 0.1, 0.5, 0, 1);
        var rng = new Xoshiro256(5, 0, 0);
        var normals = Enumerable.Range(0, 5000).Select(_ => MonteCarlo.Draw(wide, ref rng)).ToList();
        var betas = Enumerable.Range(0, 20000).Select(_ => MonteCarlo.Draw(beta, ref rng)).ToList();

        Assert.All(normals, v => Assert.InRange(v, 0, 1));
        Assert.Contains(normals, v => v == 0);
        Assert.Contains(normals, v => v == 1);
        // Beta(2, 6) has mean 2 / 8 = 0.25; scaled to 0.1–0.5 the mean is 0.1 + 0.4 × 0.25 = 0.2.
        Assert.All(betas, v => Assert.InRange(v, 0.1, 0.5));
        Assert.Equal(0.2, betas.Average(), 2);
    }

    [Fact]
    public void Triangular_quantiles_match_the_inverse_cdf()
    {
        // min 0, mode 1, max 2: F(1) = 0.5, so u = 0.5 → 1; u = 0.125 → √(0.125 × 2 × 1) = 0.5.
        Assert.Equal(1, MonteCarlo.Triangular(0, 1, 2, 0.5), 12);
        Assert.Equal(0.5, MonteCarlo.Triangular(0, 1, 2, 0.125), 12);
        Assert.Equal(1.5, MonteCarlo.Triangular(0, 1, 2, 0.875), 12);
    }

    [Fact]
    public void Percentiles_interpolate_between_order_statistics()
    {
        // Type 7 on 1..10: h = 9 × 0.1 = 0.9 → 1 + 0.9 × 1 = 1.9; P50 h = 4.5 → 5.5; P90 h = 8.1 → 9.1.
        var values = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        Assert.Equal(1.9, MonteCarlo.Percentile(values, 0.1), 12);
        Assert.Equal(5.5, MonteCarlo.Percentile(values, 0.5), 12);
        Assert.Equal(9.1, MonteCarlo.Percentile(values, 0.9), 12);
    }

    private static List<double> Flatten(MonteCarloResult result) =>
        [.. result.Roles.SelectMany(r => r.Years).SelectMany(y => new[] { y.Supply.P10, y.Supply.P50, y.Supply.P90, y.Demand.P10, y.Demand.P90, y.Gap.P50, y.ShareClosed })];
}

public sealed class BandSelectionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(101)]
    [InlineData(5000)]
    public void Quickselect_bands_equal_percentiles_of_the_sorted_values(int n)
    {
        var rng = new Xoshiro256(99, 1, (ulong)n);
        var values = Enumerable.Range(0, n).Select(i => i % 7 == 0 ? 3.0 : Math.Round(rng.NextDouble() * 10, 1)).ToArray();
        var sorted = values.Order().ToArray();

        var band = MonteCarlo.Bands([.. values]);

        Assert.Equal(MonteCarlo.Percentile(sorted, 0.1), band.P10, 12);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.5), band.P50, 12);
        Assert.Equal(MonteCarlo.Percentile(sorted, 0.9), band.P90, 12);
    }
}
