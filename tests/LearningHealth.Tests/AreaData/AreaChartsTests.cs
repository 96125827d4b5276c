using LearningHealth.AreaData;

namespace LearningHealth.Tests.AreaData;

public sealed class AreaChartsTests
{
    [Fact]
    public void The_strata_chart_describes_each_shown_group_and_hides_suppressed_ones_everywhere()
    {
        var chart = AreaCharts.Strata("Antibiotics by decile", "all patients", [
            new StratumPoint("Decile 1 (most deprived)", 46, 100, 0.46, 0.366, 0.557),
            new StratumPoint("Decile 2", null, null, null, null, null, Hidden: true),
            new StratumPoint("Area not known", 12, 40, 0.3, 0.181, 0.454),
        ], 0.4);

        Assert.Contains("role=\"img\"", chart.Svg, StringComparison.Ordinal);
        Assert.Contains("<title", chart.Svg, StringComparison.Ordinal);
        Assert.Equal(
            "Antibiotics by decile: dot chart of 3 groups, overall 40.0%. Decile 1 (most deprived): 46.0% (46 of 100; 95% CI 36.6% to 55.7%); "
            + "Area not known: 30.0% (12 of 40; 95% CI 18.1% to 45.4%). 1 group(s) not shown to protect small numbers.",
            chart.Description);
        Assert.Equal(["Decile 2", "*", "*", "*", "*"], chart.Rows[1]);
        Assert.Equal(["Decile 1 (most deprived)", "46", "100", "46.0%", "36.6% – 55.7%"], chart.Rows[0]);
        Assert.DoesNotContain(">Decile 2<", chart.Svg.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ratio_funnel_flags_a_unit_far_above_expected()
    {
        // Reference 120 / 600 = 0.2, so X expects 100 × 0.2 = 20 and observes 60: ratio 3, and Byar's lower limit for 60
        // (60 × (1 − 1/540 − 1.959964/(3√60))³ = 45.8) is far above 20.
        var result = StandardiseIndicator.Calculate(
        [
            new UnitStratumCount("X", "1", 60, 100), new UnitStratumCount("Y", "1", 30, 200), new UnitStratumCount("Z", "1", 30, 300),
        ]);
        var chart = AreaCharts.RatioFunnel("Antibiotics, standardised", "clinicians", result.Units);

        Assert.Contains("funnel plot of standardised ratios for 3 clinicians. 1 lie above", chart.Description, StringComparison.Ordinal);
        Assert.Equal(["X", "60", "20.0", "3"], chart.Rows[0].Take(4));
    }
}
