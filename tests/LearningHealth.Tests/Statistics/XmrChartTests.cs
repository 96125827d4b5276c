using LearningHealth.Statistics;

namespace LearningHealth.Tests.Statistics;

/// <summary>
/// XmR chart tests. Most use a fixed baseline of 15 points [10, 11, 9] × 5 so that the limits are easy to work out
/// by hand, then append the pattern under test:
///   mean = 150/15 = 10;
///   moving ranges 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2 → sum 19 over 14 → MR̄ = 19/14 = 1.357143
///   (screening limit 3.267 × 1.357143 = 4.434; none dropped);
///   limits 10 ± 2.66 × 19/14 = 10 ± 3.61 → [6.39, 13.61];
///   near-limits band beyond 10 ± (2/3) × 3.61 = 10 ± 2.406667 → above 12.406667 or below 7.593333.
/// Within the baseline no rule fires: sides alternate (+, −, on the mean), steps go up, down, up.
/// </summary>
public sealed class XmrChartTests
{
    private static readonly double[] Baseline = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9];

    private static XmrChartResult WithBaseline(double[] appended, ImprovementDirection improvement = ImprovementDirection.Increase, double? target = null) =>
        XmrChart.Calculate([.. Baseline, .. appended], new XmrOptions { FixBaselineAfter = 15, Improvement = improvement, Target = target });

    private static void AssertTypes(XmrChartResult chart, XmrPointType expected, params int[] indices)
    {
        foreach (var i in indices)
        {
            Assert.True(expected == chart.Points[i].Type, $"point {i} ({chart.Points[i].Value}) is {chart.Points[i].Type}, expected {expected}");
        }
    }

    private static void AssertCommonCauseExcept(XmrChartResult chart, params int[] special)
    {
        foreach (var point in chart.Points.Where(p => !special.Contains(p.Index)))
        {
            Assert.True(point.Type == XmrPointType.CommonCause, $"point {point.Index} ({point.Value}) is {point.Type} by {point.Rule}, expected common cause");
        }
    }

    [Fact]
    public void Mean_and_limits_follow_the_worked_example()
    {
        // Values 5,7,6,8,6,7,5,6,7,6: mean 63/10 = 6.3; moving ranges 2,1,2,2,1,2,1,1,1 → MR̄ = 13/9 = 1.444444
        // (screening limit 3.267 × 1.444 = 4.719; none dropped). Limits 6.3 ± 2.66 × 13/9 = 6.3 ± 3.842222.
        var chart = XmrChart.Calculate([5, 7, 6, 8, 6, 7, 5, 6, 7, 6]);
        var segment = Assert.Single(chart.Segments);
        Assert.Equal(6.3, segment.Mean, 1e-12);
        Assert.Equal(1.444444, segment.AverageMovingRange!.Value, 1e-6);
        Assert.Equal(10.142222, segment.UpperProcessLimit!.Value, 1e-6);
        Assert.Equal(2.457778, segment.LowerProcessLimit!.Value, 1e-6);
        // Near-limits band: 6.3 ± (2/3) × 3.842222 = 6.3 ± 2.561481.
        Assert.Equal(8.861481, segment.UpperNearLimit!.Value, 1e-6);
        Assert.Equal(3.738519, segment.LowerNearLimit!.Value, 1e-6);
        AssertCommonCauseExcept(chart);
    }

    [Fact]
    public void Fixed_baseline_limits_match_the_hand_calculation()
    {
        var chart = WithBaseline([10]);
        var segment = Assert.Single(chart.Segments);
        Assert.Equal(15, segment.BaselineCount);
        Assert.Equal(10, segment.Mean, 1e-12);
        Assert.Equal(19.0 / 14, segment.AverageMovingRange!.Value, 1e-12);
        Assert.Equal(13.61, segment.UpperProcessLimit!.Value, 1e-9);
        Assert.Equal(6.39, segment.LowerProcessLimit!.Value, 1e-9);
        Assert.Equal(12.406667, segment.UpperNearLimit!.Value, 1e-6);
        Assert.Equal(7.593333, segment.LowerNearLimit!.Value, 1e-6);
        AssertCommonCauseExcept(chart);
    }

    [Fact]
    public void Screening_drops_moving_ranges_of_at_least_3_267_times_the_average_and_recomputes_once()
    {
        // 10,12,10,12,10,40,10,12,10,12: mean 138/10 = 13.8. Moving ranges 2,2,2,2,30,30,2,2,2 → MR̄ = 74/9 = 8.222222.
        // Screening limit 3.267 × 8.222222 = 26.862: both 30s dropped → MR̄ = 14/7 = 2. Limits 13.8 ± 5.32.
        double[] values = [10, 12, 10, 12, 10, 40, 10, 12, 10, 12];
        var screened = Assert.Single(XmrChart.Calculate(values).Segments);
        Assert.Equal(2, screened.AverageMovingRange!.Value, 1e-12);
        Assert.Equal(19.12, screened.UpperProcessLimit!.Value, 1e-9);
        Assert.Equal(8.48, screened.LowerProcessLimit!.Value, 1e-9);

        // Unscreened: limits 13.8 ± 2.66 × 74/9 = 13.8 ± 21.871111.
        var unscreened = Assert.Single(XmrChart.Calculate(values, new XmrOptions { ScreenMovingRanges = false }).Segments);
        Assert.Equal(74.0 / 9, unscreened.AverageMovingRange!.Value, 1e-12);
        Assert.Equal(35.671111, unscreened.UpperProcessLimit!.Value, 1e-6);
        Assert.Equal(-8.071111, unscreened.LowerProcessLimit!.Value, 1e-6);
    }

    [Fact]
    public void Point_above_the_upper_limit_is_improvement_when_increase_is_better()
    {
        var chart = WithBaseline([14]); // 14 > 13.61
        Assert.Equal(SpecialCauseRule.OutsideLimits, chart.Points[15].Rule);
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 15);
        AssertCommonCauseExcept(chart, 15);
    }

    [Fact]
    public void Point_below_the_lower_limit_is_concern_when_increase_is_better_and_improvement_when_decrease_is_better()
    {
        // 6 < 6.39
        AssertTypes(WithBaseline([6]), XmrPointType.SpecialCauseConcern, 15);
        AssertTypes(WithBaseline([6], ImprovementDirection.Decrease), XmrPointType.SpecialCauseImprovement, 15);
    }

    [Fact]
    public void Point_exactly_on_a_limit_is_not_outside_it()
    {
        // Baseline 9.5, 10.5 × 7: mean 10, every moving range 1 → MR̄ = 1, upper limit 10 + 2.66 × 1. Limits are
        // exceeded only strictly: a point on the limit is in the near band; the next double above it is outside.
        double[] baseline = [.. Enumerable.Repeat(new[] { 9.5, 10.5 }, 7).SelectMany(pair => pair)];
        var onLimit = 10 + 2.66 * 1;
        var options = new XmrOptions { FixBaselineAfter = 14 };
        var on = XmrChart.Calculate([.. baseline, onLimit], options);
        Assert.Equal(onLimit, on.Segments[0].UpperProcessLimit);
        Assert.Equal(XmrPointType.CommonCause, on.Points[14].Type);
        var above = XmrChart.Calculate([.. baseline, Math.BitIncrement(onLimit)], options);
        Assert.Equal(SpecialCauseRule.OutsideLimits, above.Points[14].Rule);
    }

    [Fact]
    public void Shift_of_seven_points_below_mean_is_flagged_as_concern_when_increase_is_better()
    {
        // 12,11,12,11,12,11,12 then 8,9,8,9,8,9,8: mean 140/14 = 10. Moving ranges six 1s, one 4, six 1s → MR̄ = 16/13
        // = 1.230769 (screening limit 4.021 keeps the 4). Limits 10 ± 3.273846; near band beyond 10 ± 2.182564, so
        // neither 12 (< 12.18) nor 8 (> 7.82) is near a limit. Steps alternate, so there is no trend.
        var chart = XmrChart.Calculate([12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8]);
        Assert.Equal(10, chart.Segments[0].Mean, 1e-12);
        Assert.All(chart.Points.Skip(7), p => Assert.Equal(SpecialCauseRule.Shift, p.Rule));
        AssertTypes(chart, XmrPointType.SpecialCauseConcern, 7, 8, 9, 10, 11, 12, 13);
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 0, 1, 2, 3, 4, 5, 6);
        Assert.Equal(XmrPointType.SpecialCauseConcern, chart.Variation);
    }

    [Fact]
    public void Shift_below_mean_is_improvement_when_decrease_is_better()
    {
        var chart = XmrChart.Calculate([12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8], new XmrOptions { Improvement = ImprovementDirection.Decrease });
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 7, 8, 9, 10, 11, 12, 13);
        AssertTypes(chart, XmrPointType.SpecialCauseConcern, 0, 1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void Shift_includes_every_point_of_a_run_longer_than_seven()
    {
        // Baseline ends with 9 (below 10); seven more points below make a run of 8 (indices 14–21). None is near a
        // limit (all above 7.59) and steps alternate.
        var chart = WithBaseline([9, 9.5, 9, 9.5, 9, 9.5, 9]);
        AssertTypes(chart, XmrPointType.SpecialCauseConcern, 14, 15, 16, 17, 18, 19, 20, 21);
        AssertCommonCauseExcept(chart, 14, 15, 16, 17, 18, 19, 20, 21);
    }

    [Fact]
    public void Six_points_below_mean_are_not_a_shift()
    {
        // The baseline's last 9 plus five more: six below the mean, then a point above.
        var chart = WithBaseline([9, 9.5, 9, 9.5, 9, 11]);
        AssertCommonCauseExcept(chart);
    }

    [Fact]
    public void A_point_on_the_mean_breaks_a_shift()
    {
        // 9 (baseline) + 9, 9.5, 9 = four below; 10 is on the mean; then three below. No run of seven.
        var chart = WithBaseline([9, 9.5, 9, 10, 9, 9.5, 9]);
        Assert.Equal(0, Math.Sign(chart.Points[18].Value - chart.Segments[0].Mean));
        AssertCommonCauseExcept(chart);
    }

    [Fact]
    public void A_point_on_the_mean_breaks_a_shift_when_the_mean_comes_from_all_points()
    {
        // 11.5,10.5 ×3, then 10, then 11.5,10.5 ×3: excess +12 over 10; then 8.5,9.5 ×6: deficit −12. Mean 250/25 = 10.
        // Moving ranges: 1 ×5, 0.5, 1.5, 1 ×5, 2, 1 ×11 → 25/24; limits 10 ± 2.770833, near beyond 10 ± 1.847222
        // (11.5 and 8.5 are not near). The first 13 points: six above, one on the mean, six above → no shift.
        // The last 12 points are all below the mean → a shift.
        double[] values = [11.5, 10.5, 11.5, 10.5, 11.5, 10.5, 10, 11.5, 10.5, 11.5, 10.5, 11.5, 10.5, 8.5, 9.5, 8.5, 9.5, 8.5, 9.5, 8.5, 9.5, 8.5, 9.5, 8.5, 9.5];
        var chart = XmrChart.Calculate(values);
        Assert.Equal(10, chart.Segments[0].Mean, 1e-12);
        Assert.Equal(25.0 / 24, chart.Segments[0].AverageMovingRange!.Value, 1e-12);
        Assert.All(chart.Points.Take(13), p => Assert.Equal(XmrPointType.CommonCause, p.Type));
        Assert.All(chart.Points.Skip(13), p => Assert.Equal(XmrPointType.SpecialCauseConcern, p.Type));
    }

    [Fact]
    public void Trend_of_seven_rising_points_is_improvement_even_below_the_mean_when_increase_is_better()
    {
        // 9 → 8 falls, then 8, 8.5, …, 11 rise by 0.5 six times: a trend over indices 15–21. The first four are
        // below the mean, yet a rising trend is "high". 8 and 11 are inside the near band (7.59, 12.41).
        var chart = WithBaseline([8, 8.5, 9, 9.5, 10, 10.5, 11]);
        Assert.All(chart.Points.Skip(15), p => Assert.Equal(SpecialCauseRule.Trend, p.Rule));
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 15, 16, 17, 18, 19, 20, 21);
        AssertCommonCauseExcept(chart, 15, 16, 17, 18, 19, 20, 21);
    }

    [Fact]
    public void Trend_of_seven_falling_points_is_concern_when_increase_is_better_and_neutral_low_when_neutral()
    {
        double[] falling = [12, 11.5, 11, 10.5, 10, 9.5, 9];
        AssertTypes(WithBaseline(falling), XmrPointType.SpecialCauseConcern, 15, 16, 17, 18, 19, 20, 21);
        AssertTypes(WithBaseline(falling, ImprovementDirection.Decrease), XmrPointType.SpecialCauseImprovement, 15, 16, 17, 18, 19, 20, 21);
        AssertTypes(WithBaseline(falling, ImprovementDirection.Neutral), XmrPointType.SpecialCauseNeutralLow, 15, 16, 17, 18, 19, 20, 21);
    }

    [Fact]
    public void Six_rising_points_are_not_a_trend()
    {
        var chart = WithBaseline([8.5, 9, 9.5, 10, 10.5, 11]);
        AssertCommonCauseExcept(chart);
    }

    [Fact]
    public void An_equal_pair_breaks_a_trend()
    {
        // Steps +, +, 0, +, +, +, +: the longest rising run is five points. Below the mean: 9 (baseline), 8, 8.5, 9, 9,
        // 9.5 = six, then 10 on the mean, so no shift either.
        var chart = WithBaseline([8, 8.5, 9, 9, 9.5, 10, 10.5, 11]);
        AssertCommonCauseExcept(chart);
    }

    [Fact]
    public void A_peak_shared_by_a_rising_and_a_falling_trend_takes_the_falling_one()
    {
        // Rising 8 … 11 (indices 15–21), then falling 11 … 8 (indices 21–27). NHSRplotthedots takes a shared point's
        // direction from the trend to its right.
        var chart = WithBaseline([8, 8.5, 9, 9.5, 10, 10.5, 11, 10.5, 10, 9.5, 9, 8.5, 8]);
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 15, 16, 17, 18, 19, 20);
        AssertTypes(chart, XmrPointType.SpecialCauseConcern, 21, 22, 23, 24, 25, 26, 27);
    }

    [Fact]
    public void Outside_limits_takes_priority_over_trend()
    {
        // 8 … 14 rises by 1 six times; 14 is above 13.61. 13 is near the limit but labelled by the trend first.
        var chart = WithBaseline([8, 9, 10, 11, 12, 13, 14]);
        Assert.Equal(SpecialCauseRule.OutsideLimits, chart.Points[21].Rule);
        Assert.All(chart.Points.Skip(15).Take(6), p => Assert.Equal(SpecialCauseRule.Trend, p.Rule));
    }

    [Fact]
    public void Two_of_three_near_the_upper_limit_flags_only_the_two_near_points()
    {
        // 13 is in the band (12.41, 13.61); 10.5 is above the mean but not near; all three above the mean.
        var chart = WithBaseline([13, 10.5, 13, 10]);
        Assert.Equal(SpecialCauseRule.TwoOfThree, chart.Points[15].Rule);
        Assert.Equal(SpecialCauseRule.TwoOfThree, chart.Points[17].Rule);
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 15, 17);
        AssertCommonCauseExcept(chart, 15, 17);
    }

    [Fact]
    public void Two_of_three_near_the_lower_limit_is_concern_when_increase_is_better()
    {
        // 7 is in the band (6.39, 7.59); 9.5 is below the mean.
        var chart = WithBaseline([7, 9.5, 7, 10]);
        AssertTypes(chart, XmrPointType.SpecialCauseConcern, 15, 17);
        AssertCommonCauseExcept(chart, 15, 17);
    }

    [Fact]
    public void Two_of_three_needs_all_three_points_on_the_same_side_of_the_mean()
    {
        AssertCommonCauseExcept(WithBaseline([13, 9.5, 13, 10])); // middle point below the mean
        AssertCommonCauseExcept(WithBaseline([13, 10, 13, 10])); // middle point on the mean
    }

    [Fact]
    public void Three_of_three_near_a_limit_are_all_flagged()
    {
        var chart = WithBaseline([13, 13, 13, 10]);
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 15, 16, 17);
        AssertCommonCauseExcept(chart, 15, 16, 17);
    }

    [Fact]
    public void A_point_beyond_the_limit_does_not_count_as_near_it()
    {
        // 13 near, 14 outside, 10.5 above: only one point in the band, so 13 is not flagged (NHSRplotthedots counts
        // only points inside the limits as near).
        var chart = WithBaseline([13, 14, 10.5, 10]);
        Assert.Equal(SpecialCauseRule.OutsideLimits, chart.Points[16].Rule);
        AssertCommonCauseExcept(chart, 16);
    }

    [Fact]
    public void Neutral_direction_gives_neutral_high_and_low()
    {
        AssertTypes(WithBaseline([14], ImprovementDirection.Neutral), XmrPointType.SpecialCauseNeutralHigh, 15);
        AssertTypes(WithBaseline([6], ImprovementDirection.Neutral), XmrPointType.SpecialCauseNeutralLow, 15);
    }

    [Fact]
    public void Variation_is_the_type_of_the_last_point()
    {
        Assert.Equal(XmrPointType.SpecialCauseImprovement, WithBaseline([14]).Variation);
        Assert.Equal(XmrPointType.CommonCause, WithBaseline([14, 10]).Variation);
    }

    [Theory]
    [InlineData(ImprovementDirection.Increase, 14, Assurance.ConsistentFail)] // target above 13.61
    [InlineData(ImprovementDirection.Increase, 6, Assurance.ConsistentPass)] // target below 6.39
    [InlineData(ImprovementDirection.Increase, 10, Assurance.Inconsistent)]
    [InlineData(ImprovementDirection.Decrease, 14, Assurance.ConsistentPass)]
    [InlineData(ImprovementDirection.Decrease, 6, Assurance.ConsistentFail)]
    [InlineData(ImprovementDirection.Decrease, 13.6, Assurance.Inconsistent)]
    public void Assurance_compares_the_target_with_the_process_limits(ImprovementDirection improvement, double target, Assurance expected)
    {
        Assert.Equal(expected, WithBaseline([10], improvement, target).Assurance);
    }

    [Fact]
    public void There_is_no_assurance_without_a_target_or_for_a_neutral_measure()
    {
        Assert.Null(WithBaseline([10]).Assurance);
        Assert.Null(WithBaseline([10], ImprovementDirection.Neutral, 14).Assurance);
    }

    [Fact]
    public void Rebasing_gives_each_segment_its_own_mean_and_limits()
    {
        // Segment 1: [10, 11, 9] × 5 → mean 10, limits [6.39, 13.61]. Segment 2: [20, 21, 19] × 5 → mean 20, same
        // moving ranges within it → limits [16.39, 23.61]. Each segment is stable.
        double[] values = [.. Baseline, .. Baseline.Select(v => v + 10)];
        var chart = XmrChart.Calculate(values, new XmrOptions { RebaseAt = [15] });
        Assert.Equal(2, chart.Segments.Count);
        Assert.Equal(10, chart.Segments[0].Mean, 1e-12);
        Assert.Equal(20, chart.Segments[1].Mean, 1e-12);
        Assert.Equal(16.39, chart.Segments[1].LowerProcessLimit!.Value, 1e-9);
        Assert.Equal(23.61, chart.Segments[1].UpperProcessLimit!.Value, 1e-9);
        Assert.All(chart.Points, p => Assert.Equal(XmrPointType.CommonCause, p.Type));
        Assert.All(chart.Points.Skip(15), p => Assert.Equal(1, p.Segment));

        // Without the re-base the second half is a long run above the overall mean of 15.
        var single = XmrChart.Calculate(values);
        Assert.Equal(15, single.Segments[0].Mean, 1e-12);
        Assert.Contains(single.Points, p => p.Type != XmrPointType.CommonCause);
    }

    [Fact]
    public void Rules_do_not_run_across_a_rebase()
    {
        // Four rising points end segment 1 (7.5, 8, 8.5, 9 after a 9) and three rising points begin segment 2
        // (9.5, 10, 10.5): seven in a row, but split by the re-base.
        double[] first = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 7.5, 8, 8.5, 9];
        double[] second = [9.5, 10, 10.5, 9, 11, 10, 9, 11, 10, 9, 11, 10, 9, 11];
        double[] values = [.. first, .. second];
        var split = XmrChart.Calculate(values, new XmrOptions { RebaseAt = [first.Length] });
        Assert.DoesNotContain(split.Points, p => p.Rule == SpecialCauseRule.Trend);
        var whole = XmrChart.Calculate(values);
        Assert.All(whole.Points.Skip(12).Take(7), p => Assert.Equal(SpecialCauseRule.Trend, p.Rule));
    }

    [Fact]
    public void Assurance_uses_the_latest_segment()
    {
        double[] values = [.. Baseline, .. Baseline.Select(v => v + 10)];
        var chart = XmrChart.Calculate(values, new XmrOptions { RebaseAt = [15], Target = 14 });
        // 14 is below segment 2's lower limit 16.39: consistently passes (it would fail against segment 1's 13.61).
        Assert.Equal(Assurance.ConsistentPass, chart.Assurance);
    }

    [Fact]
    public void Fixed_baseline_computes_limits_from_the_first_points_but_applies_rules_to_all()
    {
        var chart = WithBaseline([30, 30, 30]);
        Assert.Equal(10, chart.Segments[0].Mean, 1e-12);
        AssertTypes(chart, XmrPointType.SpecialCauseImprovement, 15, 16, 17);

        // Without fixing, the 30s pull the mean to (150 + 90)/18 = 13.333.
        Assert.Equal(240.0 / 18, XmrChart.Calculate([.. Baseline, 30, 30, 30]).Segments[0].Mean, 1e-12);
    }

    [Fact]
    public void Fewer_than_13_baseline_points_give_a_warning()
    {
        Assert.Contains(XmrChart.Calculate(Baseline.Take(12).ToArray()).Warnings, w => w.Contains("12 points", StringComparison.Ordinal));
        Assert.Empty(XmrChart.Calculate(Baseline.Take(13).ToArray()).Warnings);
        Assert.Single(XmrChart.Calculate(Baseline, new XmrOptions { FixBaselineAfter = 12 }).Warnings);
    }

    [Fact]
    public void Each_short_segment_is_warned_about()
    {
        var chart = XmrChart.Calculate([.. Baseline, .. Baseline.Take(6)], new XmrOptions { RebaseAt = [15] });
        var warning = Assert.Single(chart.Warnings);
        Assert.Contains("segment 2", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void All_equal_values_have_zero_moving_range_and_no_special_cause()
    {
        var chart = XmrChart.Calculate([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]);
        var segment = Assert.Single(chart.Segments);
        Assert.Equal(0, segment.AverageMovingRange);
        Assert.Equal(4, segment.UpperProcessLimit);
        Assert.Equal(4, segment.LowerProcessLimit);
        Assert.All(chart.Points, p => Assert.Equal(XmrPointType.CommonCause, p.Type));
    }

    [Fact]
    public void A_change_after_an_all_equal_baseline_is_outside_the_limits()
    {
        var chart = XmrChart.Calculate([4, 4, 4, 4, 4, 5], new XmrOptions { FixBaselineAfter = 5 });
        Assert.Equal(SpecialCauseRule.OutsideLimits, chart.Points[5].Rule);
    }

    [Fact]
    public void A_single_point_has_a_mean_but_no_limits()
    {
        var chart = XmrChart.Calculate([7.5]);
        var segment = Assert.Single(chart.Segments);
        Assert.Equal(7.5, segment.Mean);
        Assert.Null(segment.UpperProcessLimit);
        Assert.Null(segment.AverageMovingRange);
        Assert.Equal(XmrPointType.CommonCause, chart.Variation);
        Assert.Null(XmrChart.Calculate([7.5], new XmrOptions { Target = 5 }).Assurance);
        Assert.Contains(chart.Warnings, w => w.Contains("single point", StringComparison.Ordinal));
    }

    [Fact]
    public void Empty_input_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => XmrChart.Calculate([]));
        Assert.Contains("at least one value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_number_is_rejected_with_its_position()
    {
        var error = Assert.Throws<ArgumentException>(() => XmrChart.Calculate([1, 2, double.NaN]));
        Assert.Contains("Value 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Rebase_positions_must_fall_inside_the_series(int position)
    {
        Assert.Throws<ArgumentException>(() => XmrChart.Calculate([1, 2, 3, 4, 5], new XmrOptions { RebaseAt = [position] }));
    }

    [Fact]
    public void A_fixed_baseline_needs_two_points()
    {
        Assert.Throws<ArgumentException>(() => XmrChart.Calculate([1, 2, 3], new XmrOptions { FixBaselineAfter = 1 }));
    }
}
