using LearningHealth.Statistics;

namespace LearningHealth.Tests.Statistics;

public sealed class ConfidenceIntervalTests
{
    [Fact]
    public void Z_for_95_and_99_8_percent_matches_the_normal_table()
    {
        Assert.Equal(1.959964, ConfidenceIntervals.ZFor(0.95), 1e-6);
        Assert.Equal(3.090232, ConfidenceIntervals.ZFor(0.998), 1e-6);
    }

    [Fact]
    public void Wilson_for_65_out_of_100_at_95_percent_matches_the_worked_example()
    {
        // z = 1.959964, z² = 3.841459. 2x + z² = 133.841459. √(z² + 4·65·(1 − 0.65)) = √(3.841459 + 91) = 9.738658,
        // times z = 19.087418. Denominator 2·(100 + 3.841459) = 207.682918.
        // Lower (133.841459 − 19.087418)/207.682918 = 0.552544; upper (133.841459 + 19.087418)/207.682918 = 0.736358.
        var interval = ConfidenceIntervals.Wilson(65, 100);
        Assert.Equal(0.552544, interval.Lower, 1e-6);
        Assert.Equal(0.736358, interval.Upper, 1e-6);
    }

    [Fact]
    public void Wilson_for_zero_events_starts_at_zero_and_reaches_z_squared_over_n_plus_z_squared()
    {
        // x = 0: lower (z² − z·z)/… = 0; upper 2z²/(2(n + z²)) = 3.841459/23.841459 = 0.161125.
        var interval = ConfidenceIntervals.Wilson(0, 20);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(0.161125, interval.Upper, 1e-6);
    }

    [Fact]
    public void Wilson_for_all_events_ends_at_one()
    {
        // x = n = 20: upper 1; lower = 1 − 0.161125 by symmetry = 0.838875.
        var interval = ConfidenceIntervals.Wilson(20, 20);
        Assert.Equal(1, interval.Upper, 1e-12);
        Assert.Equal(0.838875, interval.Lower, 1e-6);
    }

    [Fact]
    public void Wilson_widens_at_a_higher_level()
    {
        var narrow = ConfidenceIntervals.Wilson(65, 100, 0.95);
        var wide = ConfidenceIntervals.Wilson(65, 100, 0.998);
        Assert.True(wide.Lower < narrow.Lower && wide.Upper > narrow.Upper);
    }

    [Fact]
    public void Wilson_rejects_a_zero_denominator()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfidenceIntervals.Wilson(0, 0));
        Assert.Contains("greater than zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wilson_rejects_more_events_than_the_denominator_and_negative_counts()
    {
        Assert.Throws<ArgumentException>(() => ConfidenceIntervals.Wilson(101, 100));
        Assert.Throws<ArgumentException>(() => ConfidenceIntervals.Wilson(-1, 100));
    }

    [Fact]
    public void Byar_for_65_at_95_percent_matches_the_worked_example()
    {
        // Lower: 1/(9·65) = 0.001709; z/(3√65) = 1.959964/(3·8.062258) = 0.081035; 1 − 0.001709 − 0.081035 = 0.917256;
        // cubed 0.771741; × 65 = 50.1632.
        // Upper: 1/(9·66) = 0.001684; z/(3√66) = 1.959964/(3·8.124038) = 0.080418; 1 − 0.001684 + 0.080418 = 1.078735;
        // cubed 1.255290; × 66 = 82.8491.
        var interval = ConfidenceIntervals.Byar(65);
        Assert.Equal(50.1632, interval.Lower, 1e-4);
        Assert.Equal(82.8491, interval.Upper, 1e-4);
    }

    [Fact]
    public void Byar_for_65_is_close_to_the_exact_interval()
    {
        // Exact limits for 65 are [50.1656, 82.8478]: Byar's approximation is within 0.003 for a count this size.
        var byar = ConfidenceIntervals.Byar(65);
        var exact = ConfidenceIntervals.ExactPoisson(65);
        Assert.Equal(exact.Lower, byar.Lower, 0.003);
        Assert.Equal(exact.Upper, byar.Upper, 0.003);
        Assert.Equal(50.1656, exact.Lower, 1e-4);
        Assert.Equal(82.8478, exact.Upper, 1e-4);
    }

    [Fact]
    public void Byar_for_zero_has_lower_limit_zero()
    {
        // Upper: (0 + 1)·(1 − 1/9 + 1.959964/3)³ = (0.888889 + 0.653321)³ = 1.542210³ = 3.668012.
        var interval = ConfidenceIntervals.Byar(0);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(3.668012, interval.Upper, 1e-6);
    }

    [Fact]
    public void Byar_lower_limit_is_not_negative_for_a_tiny_count_at_a_high_level()
    {
        // x = 1 at 99.8%: 1 − 1/9 − 3.090232/3 = −0.141188, cubed is negative; reported as 0.
        Assert.Equal(0, ConfidenceIntervals.Byar(1, 0.998).Lower);
    }

    [Fact]
    public void Exact_Poisson_for_3_at_95_percent_matches_the_chi_square_tables()
    {
        // χ²(0.025; 6) = 1.237344 → 0.618672; χ²(0.975; 8) = 17.534546 → 8.767273.
        var interval = ConfidenceIntervals.ExactPoisson(3);
        Assert.Equal(0.6187, interval.Lower, 1e-4);
        Assert.Equal(8.7673, interval.Upper, 1e-4);
    }

    [Fact]
    public void Exact_Poisson_for_zero_has_upper_limit_minus_log_alpha_over_two()
    {
        // With 2 degrees of freedom χ²(p; 2) = −2·ln(1 − p), so the upper limit is −ln(α/2):
        // 95%: −ln 0.025 = 3.688879; 99.8%: −ln 0.001 = 6.907755.
        Assert.Equal(new Interval(0, 3.688879), Round(ConfidenceIntervals.ExactPoisson(0), 6));
        Assert.Equal(6.907755, ConfidenceIntervals.ExactPoisson(0, 0.998).Upper, 1e-6);
    }

    [Fact]
    public void Exact_Poisson_for_one_has_lower_limit_minus_log_of_one_minus_alpha_over_two()
    {
        // Lower χ²(0.025; 2)/2 = −ln 0.975 = 0.025318.
        Assert.Equal(0.025318, ConfidenceIntervals.ExactPoisson(1).Lower, 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    public void A_level_outside_zero_to_one_is_rejected(double level)
    {
        var error = Assert.Throws<ArgumentException>(() => ConfidenceIntervals.ExactPoisson(3, level));
        Assert.Contains("between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_counts_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ConfidenceIntervals.Byar(-1));
        Assert.Throws<ArgumentException>(() => ConfidenceIntervals.ExactPoisson(-1));
    }

    private static Interval Round(Interval interval, int digits) =>
        new(Math.Round(interval.Lower, digits), Math.Round(interval.Upper, digits));
}
