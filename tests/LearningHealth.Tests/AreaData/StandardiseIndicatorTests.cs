using LearningHealth.AreaData;
using LearningHealth.Indicators;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.AreaData;

public sealed class StandardiseIndicatorTests
{
    /// <summary>
    /// The worked example, by hand (z = 1.959964):
    /// <code>
    ///              decile 1        decile 10       all
    ///   unit X     12 of 20        3 of 10         15 of 30
    ///   unit Y      5 of 10        6 of 30         11 of 40
    ///   reference  17/30 = 0.56667 9/40 = 0.225    26/70 = 0.371429 (overall P)
    ///
    ///   E(X) = 20 × 17/30 + 10 × 9/40 = 11.33333 + 2.25 = 13.58333;  O/E = 15 / 13.58333 = 1.104294
    ///   E(Y) = 10 × 17/30 + 30 × 9/40 =  5.66667 + 6.75 = 12.41667;  O/E = 11 / 12.41667 = 0.885906
    ///   (E(X) + E(Y) = 26 = O(X) + O(Y), as it must when the units are the reference.)
    ///
    ///   Byar, O = 15: lower = 15 × (1 − 1/135 − z/(3√15))³ = 15 × (1 − 0.0074074 − 0.1686870)³ = 15 × 0.8239056³ = 8.389264
    ///                 upper = 16 × (1 − 1/144 + z/(3√16))³ = 16 × (1 − 0.0069444 + 0.1633303)³ = 16 × 1.1563859³ = 24.741631
    ///   ratio limits X: 8.389264 / 13.58333 = 0.617615, 24.741631 / 13.58333 = 1.821470
    ///   Byar, O = 11: lower = 11 × (1 − 1/99 − z/(3√11))³ = 11 × 0.7929090³ = 5.483690
    ///                 upper = 12 × (1 − 1/108 + z/(3√12))³ = 12 × 1.1793190³ = 19.683237
    ///   ratio limits Y: 5.483690 / 12.41667 = 0.441639, 19.683237 / 12.41667 = 1.585227
    ///   standardised proportion = ratio × P: X 1.104294 × 0.371429 = 0.410167 (0.229400 to 0.676546);
    ///                                        Y 0.885906 × 0.371429 = 0.329051 (0.164038 to 0.588799)
    /// </code>
    /// </summary>
    [Fact]
    public void Indirect_standardisation_matches_the_worked_example()
    {
        var result = StandardiseIndicator.Calculate(
        [
            new UnitStratumCount("X", "1", 12, 20), new UnitStratumCount("X", "10", 3, 10),
            new UnitStratumCount("Y", "1", 5, 10), new UnitStratumCount("Y", "10", 6, 30),
        ]);

        Assert.Equal(0.371429, result.OverallProportion, 6);
        Assert.Equal([("1", 0.566667), ("10", 0.225)], result.Reference.Select(r => (r.Key, Math.Round(r.Proportion, 6))));
        var x = result.Units[0];
        var y = result.Units[1];
        Assert.Equal(("X", 15L, 30L, RatioIntervalMethod.Byar), (x.Unit, x.Observed, x.Cases, x.Method));
        Assert.Equal(13.583333, x.Expected, 6);
        Assert.Equal(1.104294, x.Ratio!.Value, 6);
        Assert.Equal(0.617615, x.RatioLower!.Value, 6);
        Assert.Equal(1.821470, x.RatioUpper!.Value, 6);
        Assert.Equal(0.410167, x.Adjusted!.Value, 6);
        Assert.Equal(0.229400, x.AdjustedLower!.Value, 6);
        Assert.Equal(0.676546, x.AdjustedUpper!.Value, 6);
        Assert.Equal(0.5, x.Crude);
        Assert.Equal(12.416667, y.Expected, 6);
        Assert.Equal(0.885906, y.Ratio!.Value, 6);
        Assert.Equal(0.441639, y.RatioLower!.Value, 6);
        Assert.Equal(1.585227, y.RatioUpper!.Value, 6);
        Assert.Equal(0.329051, y.Adjusted!.Value, 6);
        Assert.Equal(0.164038, y.AdjustedLower!.Value, 6);
        Assert.Equal(0.588799, y.AdjustedUpper!.Value, 6);
        Assert.Equal(result.Units.Sum(u => (double)u.Observed), result.Units.Sum(u => u.Expected), 9);
        // Both lie within the funnel of ratios (their 95% intervals include 1).
        Assert.All(result.Units, u => Assert.Equal(FunnelFlag.Inside, u.Flag95));
    }

    [Fact]
    public void Below_ten_observed_the_exact_Poisson_limits_are_used()
    {
        // Garwood's exact 95% limits for a count of 3 are 0.6187 and 8.7673 (chi-square 1.2373/2 and 17.5345/2).
        var result = StandardiseIndicator.Calculate([new UnitStratumCount("Z", "1", 3, 10), new UnitStratumCount("W", "1", 30, 40)]);

        var z = result.Units.Single(u => u.Unit == "Z");
        Assert.Equal(RatioIntervalMethod.Exact, z.Method);
        Assert.Equal(10 * 33 / 50.0, z.Expected, 9);
        Assert.Equal(0.6187 / z.Expected, z.RatioLower!.Value, 4);
        Assert.Equal(8.7673 / z.Expected, z.RatioUpper!.Value, 3);
        Assert.Equal(RatioIntervalMethod.Byar, result.Units.Single(u => u.Unit == "W").Method);
    }

    [Fact]
    public void Standardising_the_constructed_practice_data_matches_a_hand_count()
    {
        using var kit = StratifyIndicatorTests.Build();

        var outcome = new StandardiseIndicator(kit.Options, new IndicatorCatalog(kit.Options)).Handle(new StandardiseIndicatorQuery { IndicatorId = "rti-antibiotics", DataSet = "test-areas" });

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems.Select(p => p.Message)));
        var result = outcome.Value!;
        // Reference by decile: 1: e4, e5 (1 of 2); 2: e1, e2, e3 (2 of 3); 9: e6 (0 of 1); not known: e7, e8, e9 (1 of 3).
        Assert.Equal([("Decile 1 (most deprived)", 1L, 2L), ("Decile 2", 2L, 3L), ("Decile 9", 0L, 1L), ("Area not known", 1L, 3L)],
            result.Reference.Select(r => (r.Label, r.Numerator, r.Denominator)));
        // c1: 1 × 1/2 + 2 × 2/3 + 2 × 1/3 = 2.5 expected, 3 observed; c2: 1/2 + 2/3 + 0 + 1/3 = 1.5 expected, 1 observed.
        var c1 = result.Units.Single(u => u.Unit == "c1");
        var c2 = result.Units.Single(u => u.Unit == "c2");
        Assert.Equal((3L, 5L, 2.5, 1.2), (c1.Observed, c1.Cases, Math.Round(c1.Expected, 9), Math.Round(c1.Ratio!.Value, 9)));
        Assert.Equal((1L, 4L, 1.5), (c2.Observed, c2.Cases, Math.Round(c2.Expected, 9)));
        Assert.Equal(4.0 / 9, result.OverallProportion, 12);
        Assert.Equal(1.2 * 4 / 9, c1.Adjusted!.Value, 12);
        Assert.Equal(0.6, c1.Crude, 12);
        Assert.Equal(0.6187 / 2.5, c1.RatioLower!.Value, 4);
        Assert.Equal("clinician", result.Level);
    }

    [Fact]
    public void Sites_are_standardised_too()
    {
        using var kit = StratifyIndicatorTests.Build();

        var result = new StandardiseIndicator(kit.Options, new IndicatorCatalog(kit.Options)).Handle(new StandardiseIndicatorQuery { IndicatorId = "rti-antibiotics", DataSet = "test-areas", Level = "site" }).Value!;

        // s1: e1, e2, e3, e4, e7, e9 (3 antibiotic); s2: e5, e6, e8 (1 antibiotic).
        Assert.Equal([("s1", 3L, 6L), ("s2", 1L, 3L)], result.Units.Select(u => (u.Unit, u.Observed, u.Cases)));
        Assert.Equal(4.0, result.Units.Sum(u => u.Expected), 9);
    }
}
