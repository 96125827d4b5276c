using LearningHealth.Feedback;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.Feedback;

public sealed class InterpretationTests
{
    private static readonly DateOnly October = new(2026, 10, 1);

    /// <summary>Thirteen months alternating 40% and 42%: mean 40.9%, every moving range 2 points, nothing special.</summary>
    private static readonly double[] Stable = [.. Enumerable.Range(0, 13).Select(i => i % 2 == 0 ? 0.40 : 0.42)];

    private static IReadOnlyList<SeriesPoint> Months(params double[] values) =>
        [.. values.Select((v, i) => new SeriesPoint(October.AddMonths(i - values.Length + 1), v))];

    private static InterpretationInput Input(double[] series, ImprovementDirection improvement = ImprovementDirection.Decrease, double? target = null,
        long numerator = 28, long denominator = 82, FunnelFlag? flag95 = FunnelFlag.Inside, FunnelFlag? flag998 = FunnelFlag.Inside) => new()
        {
            Title = "Antibiotics prescribed for respiratory tract infections",
            Improvement = improvement,
            Target = target,
            MinimumDenominator = 10,
            Period = October,
            Numerator = numerator,
            Denominator = denominator,
            Flag95 = flag95,
            Flag998 = flag998,
            Series = Months(series),
        };

    [Fact]
    public void An_outlier_above_the_998_limit_reads_as_beyond_chance_with_its_counts_and_month()
    {
        var result = Interpretation.Of(Input(Stable, flag95: FunnelFlag.Above, flag998: FunnelFlag.Above));

        // 28 / 82 = 0.3415, shown as a whole percentage.
        Assert.StartsWith("Antibiotics prescribed for respiratory tract infections: 34% in October 2026 (28 of 82).", result.Text, StringComparison.Ordinal);
        Assert.Contains("This is above the range we'd expect by chance compared with your peers (beyond the 99.8% limit). Lower is better, so this is worth a closer look.", result.Text, StringComparison.Ordinal);
        Assert.False(result.SmallNumbers);
    }

    [Theory]
    [InlineData(FunnelFlag.Above, FunnelFlag.Inside, ImprovementDirection.Decrease, "higher than most of your peers (above the 95% limit but within the 99.8% limit), which could still be chance")]
    [InlineData(FunnelFlag.Below, FunnelFlag.Inside, ImprovementDirection.Decrease, "lower than most of your peers (below the 95% limit but within the 99.8% limit)")]
    [InlineData(FunnelFlag.Inside, FunnelFlag.Inside, ImprovementDirection.Decrease, "within the range we'd expect by chance compared with your peers")]
    [InlineData(FunnelFlag.Below, FunnelFlag.Below, ImprovementDirection.Decrease, "below the range we'd expect by chance compared with your peers (beyond the 99.8% limit). Lower is better, so this is notably good.")]
    [InlineData(FunnelFlag.Below, FunnelFlag.Below, ImprovementDirection.Increase, "below the range we'd expect by chance compared with your peers (beyond the 99.8% limit). Higher is better, so this is worth a closer look.")]
    [InlineData(FunnelFlag.Above, FunnelFlag.Above, ImprovementDirection.Increase, "Higher is better, so this is notably good.")]
    public void The_funnel_position_is_told_with_the_direction_of_improvement(FunnelFlag flag95, FunnelFlag flag998, ImprovementDirection improvement, string expected)
    {
        var result = Interpretation.Of(Input(Stable, improvement, flag95: flag95, flag998: flag998));

        Assert.Contains(expected, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_neutral_indicator_beyond_the_limits_makes_no_judgement()
    {
        var result = Interpretation.Of(Input(Stable, ImprovementDirection.Neutral, flag95: FunnelFlag.Above, flag998: FunnelFlag.Above));

        Assert.Contains("(beyond the 99.8% limit).", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("better", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_on_the_funnel_says_nothing_about_peers()
    {
        var result = Interpretation.Of(Input(Stable, flag95: null, flag998: null));

        Assert.DoesNotContain("peers", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seven_falling_months_are_a_trend_of_six_moves_and_improving_when_lower_is_better()
    {
        // 43.0, 42.5, … 40.0%: mean of the 20 points 41.1%, MR̄ 1.58 points, limits 36.9–45.3%; the last three points
        // are below the mean (no shift) and none is near a limit, so the trend rule labels the last point.
        double[] series = [.. Stable, 0.43, 0.425, 0.42, 0.415, 0.41, 0.405, 0.40];
        var chart = XmrChart.Calculate(series, new XmrOptions { Improvement = ImprovementDirection.Decrease });
        Assert.Equal(SpecialCauseRule.Trend, chart.Points[^1].Rule);

        var result = Interpretation.Of(Input(series));

        Assert.Contains("It has fallen for 6 months in a row: improving.", result.Text, StringComparison.Ordinal);
        Assert.Equal(XmrPointType.SpecialCauseImprovement, result.Variation);
    }

    [Fact]
    public void A_rising_trend_when_lower_is_better_is_getting_worse()
    {
        double[] series = [.. Stable, 0.40, 0.405, 0.41, 0.415, 0.42, 0.425, 0.43];

        var result = Interpretation.Of(Input(series));

        Assert.Contains("It has risen for 6 months in a row: getting worse.", result.Text, StringComparison.Ordinal);
        Assert.Equal(XmrPointType.SpecialCauseConcern, result.Variation);
    }

    [Fact]
    public void Seven_months_below_the_mean_are_a_shift_and_a_concern_when_higher_is_better()
    {
        // Mean of the 20 points 39.975% (so the baseline's 40% points lie above it); the last seven (38%, 38.5%) lie
        // below it, and the lower near-limit band starts at 37.3%, so only the shift rule applies.
        double[] series = [.. Stable, 0.38, 0.385, 0.38, 0.385, 0.38, 0.385, 0.38];
        var chart = XmrChart.Calculate(series, new XmrOptions { Improvement = ImprovementDirection.Increase });
        Assert.Equal(SpecialCauseRule.Shift, chart.Points[^1].Rule);

        var result = Interpretation.Of(Input(series, ImprovementDirection.Increase));

        Assert.Contains("It has been below your average of 40% for 7 months in a row: getting worse.", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_month_outside_the_process_limits_is_named()
    {
        // The jump to 60% is screened out of MR̄ (0.18 ≥ 3.267 × 0.032), leaving MR̄ = 0.02 and an upper limit of 47.6%.
        double[] series = [.. Stable, 0.60];

        var result = Interpretation.Of(Input(series));

        Assert.Contains("October 2026 is above your usual range (outside your process limits): getting worse.", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Common_cause_variation_says_there_is_no_sign_of_change_and_thirteen_months_are_enough()
    {
        var result = Interpretation.Of(Input(Stable));

        Assert.Contains("within what we'd expect by chance (common cause variation)", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("provisional", result.Text, StringComparison.Ordinal);
        Assert.Equal(XmrPointType.CommonCause, result.Variation);
    }

    [Fact]
    public void Fewer_than_thirteen_months_make_the_signals_provisional()
    {
        var result = Interpretation.Of(Input([0.40, 0.42, 0.41, 0.43, 0.40]));

        Assert.Contains("The chart has 5 months since it started or was re-based, fewer than the 13", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void One_month_is_too_few_to_judge_change()
    {
        var result = Interpretation.Of(Input([0.40]));

        Assert.Contains("too few months charted to judge change over time", result.Text, StringComparison.Ordinal);
        Assert.Null(result.Variation);
    }

    [Theory]
    [InlineData(0.3, "will consistently miss the target of 30%: only a change in practice will meet it")]
    [InlineData(0.6, "will consistently meet the target of 60%")]
    [InlineData(0.5, "will sometimes meet and sometimes miss the target of 50%")]
    public void Assurance_compares_the_process_limits_with_the_target(double target, string expected)
    {
        // 49%–51% alternating: mean 50%, MR̄ 2 points, limits 44.7%–55.3%.
        double[] series = [.. Enumerable.Range(0, 15).Select(i => i % 2 == 0 ? 0.49 : 0.51)];

        var result = Interpretation.Of(Input(series, target: target, numerator: 41, denominator: 82));

        Assert.Contains(expected, result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImprovementDirection.Decrease, 0.3, "October 2026 does not meet the target of 30% or lower.")]
    [InlineData(ImprovementDirection.Decrease, 0.4, "October 2026 meets the target of 40% or lower.")]
    [InlineData(ImprovementDirection.Increase, 0.3, "October 2026 meets the target of 30% or higher.")]
    public void The_latest_month_is_held_against_the_target_in_the_direction_of_improvement(ImprovementDirection improvement, double target, string expected)
    {
        var result = Interpretation.Of(Input(Stable, improvement, target));

        Assert.Contains(expected, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_numbers_are_not_compared_with_peers_even_when_flags_are_given()
    {
        var result = Interpretation.Of(Input(Stable, target: 0.3, numerator: 4, denominator: 6, flag95: FunnelFlag.Above, flag998: FunnelFlag.Above));

        Assert.True(result.SmallNumbers);
        Assert.Contains("67% in October 2026 (4 of 6). That is fewer than the 10 cases needed for a fair comparison", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("99.8%", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("meets the target", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_month_with_too_few_cases_is_explained()
    {
        var result = Interpretation.Of(Input(Stable) with { Period = October.AddMonths(-2), LaterPeriod = October, LaterDenominator = 8 });

        Assert.StartsWith("October 2026 had only 8 cases, fewer than the 10 needed to chart it, so this is August 2026, your latest month with enough cases.", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_cases_in_the_month_is_said_plainly()
    {
        var result = Interpretation.Of(Input(Stable, numerator: 0, denominator: 0));

        Assert.Contains("there were no cases in October 2026.", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebase_starts_a_new_chart_whose_short_baseline_is_provisional()
    {
        // After the re-base at position 13 only four months remain: the old segment's level no longer counts.
        var input = Input([.. Stable, 0.20, 0.21, 0.20, 0.21]) with { RebaseAt = [13] };

        var result = Interpretation.Of(input);

        Assert.Contains("The chart has 4 months since it started or was re-based", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("outside your process limits", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10-31", "2026-11-27", false)]
    [InlineData("2026-10-01", "2026-11-27", false)]
    [InlineData("2026-09-30", "2026-11-27", true)]
    public void Data_are_stale_when_last_month_has_no_data(string lastData, string today, bool stale)
    {
        var freshness = DataFreshness.Judge(DateOnly.Parse(lastData, System.Globalization.CultureInfo.InvariantCulture), new DateTime(2026, 11, 2, 6, 0, 0, DateTimeKind.Utc),
            DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(stale, freshness.Stale);
        Assert.Equal(stale, freshness.Summary.Contains("out of date", StringComparison.Ordinal));
    }

    [Fact]
    public void Never_computed_is_stale()
    {
        Assert.True(DataFreshness.Judge(null, null, new DateOnly(2026, 11, 27)).Stale);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    public void Peer_letters_run_on_past_z(int index, string expected) => Assert.Equal(expected, PeerLabels.Letter(index));
}
