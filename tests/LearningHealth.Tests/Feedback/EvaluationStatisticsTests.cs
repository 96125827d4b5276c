using LearningHealth.Feedback;

namespace LearningHealth.Tests.Feedback;

public sealed class EvaluationStatisticsTests
{
    [Fact]
    public void Newcombe_hybrid_score_interval_matches_the_worked_example()
    {
        // Newcombe 1998, example (a): 56/70 − 48/80, worked by hand with z = 1.959964.
        // Wilson 56/70: (2·56 + z² ± z·√(z² + 4·56·(1 − 0.8))) / (2·(70 + z²)) = (0.691834, 0.876953)
        // Wilson 48/80: (0.490455, 0.700382); δ = 0.8 − 0.6 = 0.2
        // lower = 0.2 − √((0.8 − 0.691834)² + (0.700382 − 0.6)²) = 0.2 − √(0.011700 + 0.010077) = 0.2 − 0.147569 = 0.0524
        // upper = 0.2 + √((0.876953 − 0.8)² + (0.6 − 0.490455)²) = 0.2 + √(0.005922 + 0.012000) = 0.2 + 0.133873 = 0.3339
        // which is Newcombe's published interval for method 10.
        var d = EvaluationStatistics.Newcombe(56, 70, 48, 80);

        Assert.Equal(0.2, d.Difference, 10);
        Assert.Equal(0.0524, d.Interval.Lower, 4);
        Assert.Equal(0.3339, d.Interval.Upper, 4);
    }

    [Fact]
    public void Newcombe_interval_of_equal_proportions_straddles_zero_symmetrically()
    {
        var d = EvaluationStatistics.Newcombe(30, 100, 30, 100);

        Assert.Equal(0, d.Difference, 12);
        Assert.Equal(-d.Interval.Lower, d.Interval.Upper, 12);
        Assert.True(d.Interval.Lower < 0);
    }

    // Baseline 0.5, 0.6 alternating: mean 0.55, every moving range 0.1, so limits 0.55 ± 2.66 × 0.1 = 0.284 to 0.816.
    private static readonly double[] Baseline = [0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6];

    [Fact]
    public void Limits_come_from_the_baseline_only()
    {
        var test = EvaluationStatistics.BeforeAfter(Baseline, [0.1, 0.1, 0.1]);

        Assert.Equal(0.55, test.Mean, 10);
        Assert.Equal(0.284, test.Lower!.Value, 10);
        Assert.Equal(0.816, test.Upper!.Value, 10);
        Assert.Equal(3, test.Signals.Count(s => s.Test == ChangeSignal.BeyondLimits && !s.High));
    }

    [Fact]
    public void Seven_points_below_the_baseline_mean_are_a_shift_and_six_are_not()
    {
        double[] seven = [0.50, 0.52, 0.50, 0.52, 0.50, 0.52, 0.50];

        var shift = EvaluationStatistics.BeforeAfter(Baseline, seven);
        var none = EvaluationStatistics.BeforeAfter(Baseline, seven[..6]);

        var signal = Assert.Single(shift.Signals);
        Assert.Equal((ChangeSignal.Shift, 0, 6, false), (signal.Test, signal.First, signal.Last, signal.High));
        Assert.Empty(none.Signals);
        Assert.False(none.SpecialCause);
    }

    [Fact]
    public void Six_points_each_higher_than_the_last_are_a_trend_and_a_point_on_the_mean_breaks_a_shift()
    {
        // Within the limits; the sixth value is above the mean, so there is no run of 7 on one side either.
        double[] rising = [0.40, 0.42, 0.44, 0.46, 0.48, 0.60, 0.50];

        var test = EvaluationStatistics.BeforeAfter(Baseline, rising);

        var signal = Assert.Single(test.Signals);
        Assert.Equal((ChangeSignal.Trend, 0, 5, true), (signal.Test, signal.First, signal.Last, signal.High));
    }

    [Fact]
    public void Five_rising_points_are_not_a_trend()
    {
        var test = EvaluationStatistics.BeforeAfter(Baseline, [0.40, 0.42, 0.44, 0.46, 0.48, 0.45]);

        Assert.DoesNotContain(test.Signals, s => s.Test == ChangeSignal.Trend);
    }

    [Fact]
    public void A_baseline_of_one_period_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => EvaluationStatistics.BeforeAfter([0.5], [0.4]));
        Assert.Contains("at least 2", error.Message, StringComparison.Ordinal);
    }
}
