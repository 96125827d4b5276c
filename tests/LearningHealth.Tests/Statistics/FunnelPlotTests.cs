using LearningHealth.Statistics;

namespace LearningHealth.Tests.Statistics;

public sealed class FunnelPlotTests
{
    [Fact]
    public void Wilson_funnel_limits_at_100_around_20_percent_match_the_worked_example()
    {
        // The Wilson interval is the inverted score test, so the proportion whose interval just reaches p₀ is
        // p₀ ± z·√(p₀(1 − p₀)/n). √(0.2 × 0.8 / 100) = 0.04.
        // 95%: 0.2 ± 1.959964 × 0.04 = 0.2 ± 0.078399 → [0.121601, 0.278399].
        // 99.8%: 0.2 ± 3.090232 × 0.04 = 0.2 ± 0.123609 → [0.076391, 0.323609].
        var inner = FunnelLimits.WilsonInversion(0.2, 100, FunnelLimits.Z95);
        var outer = FunnelLimits.WilsonInversion(0.2, 100, FunnelLimits.Z998);
        Assert.Equal(0.121601, inner.Lower, 1e-6);
        Assert.Equal(0.278399, inner.Upper, 1e-6);
        Assert.Equal(0.076391, outer.Lower, 1e-6);
        Assert.Equal(0.323609, outer.Upper, 1e-6);
    }

    [Fact]
    public void Wilson_funnel_limit_is_where_the_wilson_interval_just_reaches_the_target()
    {
        var limits = FunnelLimits.WilsonInversion(0.3, 250, FunnelLimits.Z95);
        Assert.Equal(0.3, ConfidenceIntervals.WilsonWithZ(limits.Upper * 250, 250, FunnelLimits.Z95).Lower, 1e-9);
        Assert.Equal(0.3, ConfidenceIntervals.WilsonWithZ(limits.Lower * 250, 250, FunnelLimits.Z95).Upper, 1e-9);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(0.2, 7)]
    [InlineData(0.05, 30)]
    [InlineData(0.5, 64)]
    [InlineData(0.9, 500)]
    [InlineData(0.013, 10000)]
    public void Wilson_funnel_limits_agree_with_the_closed_form_clipped_to_zero_and_one(double target, double size)
    {
        foreach (var z in new[] { FunnelLimits.Z95, FunnelLimits.Z998 })
        {
            var half = z * Math.Sqrt(target * (1 - target) / size);
            var limits = FunnelLimits.WilsonInversion(target, size, z);
            Assert.Equal(Math.Max(0, target - half), limits.Lower, 1e-9);
            Assert.Equal(Math.Min(1, target + half), limits.Upper, 1e-9);
        }
    }

    [Fact]
    public void Wilson_funnel_lower_limit_is_zero_when_even_no_events_reach_the_target()
    {
        // n = 5: the Wilson upper bound for 0/5 is 3.841459/8.841459 = 0.434 ≥ 0.2, so nothing can fall below.
        // Upper: 0.2 + 1.959964 × √(0.16/5) = 0.2 + 1.959964 × 0.178885 = 0.550609.
        var limits = FunnelLimits.WilsonInversion(0.2, 5, FunnelLimits.Z95);
        Assert.Equal(0, limits.Lower);
        Assert.Equal(0.550609, limits.Upper, 1e-6);
    }

    [Fact]
    public void Spiegelhalter_limits_at_100_around_25_percent_match_the_worked_example()
    {
        // θ₀ = asin √0.25 = asin 0.5 = π/6 = 0.523599; s = √(1/400) = 0.05.
        // 95%: 1.959964 × 0.05 = 0.097998 → sin²(0.425601) = 0.170460, sin²(0.621597) = 0.339113.
        // 99.8%: 3.090232 × 0.05 = 0.154512 → sin²(0.369088) = 0.130151, sin²(0.678111) = 0.393534.
        var inner = FunnelLimits.VarianceStabilised(0.25, 100, FunnelLimits.Z95);
        var outer = FunnelLimits.VarianceStabilised(0.25, 100, FunnelLimits.Z998);
        Assert.Equal(0.170460, inner.Lower, 1e-6);
        Assert.Equal(0.339113, inner.Upper, 1e-6);
        Assert.Equal(0.130151, outer.Lower, 1e-6);
        Assert.Equal(0.393534, outer.Upper, 1e-6);
    }

    [Fact]
    public void Spiegelhalter_limits_are_clipped_at_zero_and_one_for_small_sizes()
    {
        // n = 1, 95%: half-width 1.959964 × 0.5 = 0.979982; 0.523599 − 0.979982 < 0 → 0; sin²(1.503581) = 0.995489.
        // n = 1, 99.8%: 0.523599 + 1.545116 > π/2 → 1 (without clipping sin² would fold back to 0.77).
        var inner = FunnelLimits.VarianceStabilised(0.25, 1, FunnelLimits.Z95);
        Assert.Equal(0, inner.Lower);
        Assert.Equal(0.995489, inner.Upper, 1e-6);
        Assert.Equal(1, FunnelLimits.VarianceStabilised(0.25, 1, FunnelLimits.Z998).Upper);
    }

    [Fact]
    public void Target_is_the_sum_of_numerators_over_the_sum_of_denominators()
    {
        // (10 + 30 + 20)/(100 + 100 + 200) = 60/400 = 0.15, not the mean of 0.1, 0.3, 0.1.
        var funnel = ProportionFunnel.Fit([new("A", 10, 100), new("B", 30, 100), new("C", 20, 200)], ProportionFunnelMethod.Wilson);
        Assert.Equal(0.15, funnel.Target, 1e-12);
    }

    [Fact]
    public void Units_are_flagged_against_each_limit_level()
    {
        // Four units of 100, target 80/400 = 0.2; limits from the worked example: 95% [0.1216, 0.2784], 99.8% [0.0764, 0.3236].
        var funnel = ProportionFunnel.Fit(
            [new("between high", 30, 100), new("far high", 35, 100), new("between low", 10, 100), new("far low", 5, 100)],
            ProportionFunnelMethod.Wilson);
        Assert.Equal(0.2, funnel.Target, 1e-12);
        var flags = funnel.Units.ToDictionary(u => u.Name, u => (u.Flag95, u.Flag998));
        Assert.Equal((FunnelFlag.Above, FunnelFlag.Inside), flags["between high"]);
        Assert.Equal((FunnelFlag.Above, FunnelFlag.Above), flags["far high"]);
        Assert.Equal((FunnelFlag.Below, FunnelFlag.Inside), flags["between low"]);
        Assert.Equal((FunnelFlag.Below, FunnelFlag.Below), flags["far low"]);
        Assert.Equal(0.35, funnel.Units[1].Value, 1e-12);
    }

    [Fact]
    public void A_value_on_a_limit_is_inside()
    {
        var limits = new FunnelControlLimits(100, 0.1, 0.3, 0.05, 0.35);
        Assert.Equal(FunnelFlag.Inside, limits.Flag95(0.3));
        Assert.Equal(FunnelFlag.Inside, limits.Flag95(0.1));
        Assert.Equal(FunnelFlag.Above, limits.Flag95(0.30001));
    }

    [Fact]
    public void Overdispersion_worked_example_gives_phi_and_tau_squared()
    {
        // Ten units of 100 with 10, 15, 20, 22, 25, 25, 28, 30, 35, 40: p₀ = 250/1000 = 0.25, θ₀ = π/6, s = 0.05.
        // zᵢ = (asin √pᵢ − π/6)/0.05, e.g. z₁ = (0.321751 − 0.523599)/0.05 = −4.036964; sorted:
        // −4.036964, −2.517987, −1.199023, −0.707870, 0, 0, 0.680001, 1.120819, 2.189061, 3.222409.
        // 10th percentile (h = 0.9): −4.036964 + 0.9 × 1.518977 = −2.669885;
        // 90th percentile (h = 8.1): 2.189061 + 0.1 × 1.033347 = 2.292396.
        // Winsorised: −2.669885 replaces −4.036964, 2.292396 replaces 3.222409. φ = Σz²/10 = 2.717299.
        // nφ = 27.17299 > 9, so τ² = (27.17299 − 9)/(Σw − Σw²/Σw) = 18.17299/(4000 − 400) = 0.0050481.
        var units = new[] { 10, 15, 20, 22, 25, 25, 28, 30, 35, 40 }.Select((x, i) => new ProportionUnit($"U{i}", x, 100)).ToArray();
        var funnel = ProportionFunnel.Fit(units, ProportionFunnelMethod.Spiegelhalter, adjustForOverdispersion: true);
        var estimate = funnel.Overdispersion!;
        Assert.Equal(2.717299, estimate.Phi, 1e-6);
        Assert.Equal(0.0050481, estimate.Tau2, 1e-7);
        Assert.True(estimate.Adjusted);

        // Widened limits at 100: half-width 1.959964 × √(0.0025 + 0.0050481) = 1.959964 × 0.086880 = 0.170281
        // → sin²(0.353318) = 0.119725, sin²(0.693880) = 0.408992. 99.8%: 3.090232 × 0.086880 = 0.268478 → 0.063687
        // and 0.506678.
        var limits = funnel.LimitsAt(100);
        Assert.Equal(0.119725, limits.Lower95, 1e-6);
        Assert.Equal(0.408992, limits.Upper95, 1e-6);
        Assert.Equal(0.063687, limits.Lower998, 1e-6);
        Assert.Equal(0.506678, limits.Upper998, 1e-6);
    }

    [Fact]
    public void Winsorising_clamps_values_to_the_10th_and_90th_percentiles()
    {
        // 1 … 10: h = 0.9 → 1.9; h = 8.1 → 9.1.
        double[] values = [5, 1, 2, 3, 4, 6, 7, 8, 9, 10];
        var winsorised = Overdispersion.Winsorise(values, 0.1);
        Assert.Equal([5, 1.9, 2, 3, 4, 6, 7, 8, 9, 9.1], winsorised.Select(v => Math.Round(v, 10)));
    }

    [Fact]
    public void No_adjustment_when_units_vary_less_than_chance_would_give()
    {
        // 24, 25, 26, 25, 25, 24, 26, 25, 25, 25 out of 100: φ = 0.021 ≤ (n − 1)/n, so τ² = 0 and the limits are the
        // unadjusted ones.
        var units = new[] { 24, 25, 26, 25, 25, 24, 26, 25, 25, 25 }.Select((x, i) => new ProportionUnit($"U{i}", x, 100)).ToArray();
        var adjusted = ProportionFunnel.Fit(units, ProportionFunnelMethod.Spiegelhalter, adjustForOverdispersion: true);
        Assert.Equal(0.021342, adjusted.Overdispersion!.Phi, 1e-6);
        Assert.Equal(0, adjusted.Overdispersion.Tau2);
        Assert.False(adjusted.Overdispersion.Adjusted);
        var plain = ProportionFunnel.Fit(units, ProportionFunnelMethod.Spiegelhalter);
        Assert.Equal(plain.LimitsAt(100), adjusted.LimitsAt(100));
        Assert.Null(plain.Overdispersion);
    }

    [Fact]
    public void The_test_is_n_phi_above_n_minus_one_so_phi_just_below_one_still_adjusts()
    {
        // 27, 29, 19, 25, 29, 28, 31, 24, 29, 9 out of 100 (p₀ = 0.25): φ = 0.920469 < 1, but nφ = 9.20469 > 9, so
        // τ² = 0.20469/3600 = 0.0000569 (Spiegelhalter's rule is the DerSimonian–Laird one, not φ > 1).
        var units = new[] { 27, 29, 19, 25, 29, 28, 31, 24, 29, 9 }.Select((x, i) => new ProportionUnit($"U{i}", x, 100)).ToArray();
        var estimate = ProportionFunnel.Fit(units, ProportionFunnelMethod.Spiegelhalter, adjustForOverdispersion: true).Overdispersion!;
        Assert.Equal(0.920469, estimate.Phi, 1e-6);
        Assert.Equal(0.0000569, estimate.Tau2, 1e-7);
    }

    [Fact]
    public void Overdispersion_needs_the_spiegelhalter_method()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ProportionFunnel.Fit([new("A", 1, 10), new("B", 2, 10)], ProportionFunnelMethod.Wilson, adjustForOverdispersion: true));
        Assert.Contains("Spiegelhalter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_unit_gives_no_overdispersion_adjustment()
    {
        var funnel = ProportionFunnel.Fit([new("A", 10, 100)], ProportionFunnelMethod.Spiegelhalter, adjustForOverdispersion: true);
        Assert.Equal(0, funnel.Overdispersion!.Tau2);
    }

    [Fact]
    public void Zero_denominators_are_rejected_naming_the_unit()
    {
        var error = Assert.Throws<ArgumentException>(() => ProportionFunnel.Fit([new("A", 1, 10), new("Ward 7", 0, 0)], ProportionFunnelMethod.Wilson));
        Assert.Contains("Ward 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("greater than zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numerators_above_denominators_and_empty_input_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ProportionFunnel.Fit([new("A", 11, 10)], ProportionFunnelMethod.Wilson));
        Assert.Throws<ArgumentException>(() => ProportionFunnel.Fit([], ProportionFunnelMethod.Wilson));
    }

    [Fact]
    public void A_target_of_zero_gives_a_flat_funnel_without_failing()
    {
        var funnel = ProportionFunnel.Fit([new("A", 0, 10), new("B", 0, 50)], ProportionFunnelMethod.Wilson);
        Assert.Equal(0, funnel.Target);
        Assert.All(funnel.Units, u => Assert.Equal(FunnelFlag.Inside, u.Flag95));
    }

    [Theory]
    // Exact Poisson limits of a count E, over E. E = 1: [−ln 0.975, 5.571643]; E = 3: [0.618672/3, 8.767273/3]
    // = [0.206224, 2.922424]; E = 100: [81.3640/100, 121.6268/100].
    [InlineData(1, 0.025318, 5.571643)]
    [InlineData(3, 0.206224, 2.922424)]
    [InlineData(100, 0.813640, 1.216268)]
    public void Ratio_limits_at_95_percent_are_exact_poisson_limits_over_the_expected_count(double expected, double lower, double upper)
    {
        var limits = FunnelLimits.PoissonRatio(expected, FunnelLimits.Tail95);
        Assert.Equal(lower, limits.Lower, 1e-6);
        Assert.Equal(upper, limits.Upper, 1e-6);
    }

    [Fact]
    public void Ratio_limits_at_99_8_percent_for_expected_one()
    {
        // Lower χ²(0.001; 2)/2 = −ln 0.999 = 0.0010005.
        Assert.Equal(0.0010005, FunnelLimits.PoissonRatio(1, FunnelLimits.Tail998).Lower, 1e-7);
    }

    [Fact]
    public void Ratio_units_are_flagged_around_a_target_of_one()
    {
        // 10/3 = 3.33: above 2.9224 (95%), inside 4.3541 (99.8%). 0/10 = 0: below 0.4795 and 0.2961.
        var funnel = RatioFunnel.Fit([new("high", 10, 3), new("none", 0, 10), new("as expected", 100, 100)]);
        Assert.Equal(1, funnel.Target);
        Assert.Equal((FunnelFlag.Above, FunnelFlag.Inside), (funnel.Units[0].Flag95, funnel.Units[0].Flag998));
        Assert.Equal((FunnelFlag.Below, FunnelFlag.Below), (funnel.Units[1].Flag95, funnel.Units[1].Flag998));
        Assert.Equal((FunnelFlag.Inside, FunnelFlag.Inside), (funnel.Units[2].Flag95, funnel.Units[2].Flag998));
        Assert.Equal(4.354080, funnel.Units[0].Limits.Upper998, 1e-6);
    }

    [Fact]
    public void Ratio_units_need_a_positive_expected_count()
    {
        var error = Assert.Throws<ArgumentException>(() => RatioFunnel.Fit([new("A", 3, 0)]));
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
    }
}
