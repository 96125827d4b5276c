using LearningHealth.Feedback;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.Feedback;

/// <summary>
/// The change test against series worked by hand. Baseline January–June 2025: 0.40, 0.44, 0.42, 0.46, 0.38, 0.42.
/// Mean 2.52 / 6 = 0.42. Moving ranges 0.04, 0.02, 0.04, 0.08, 0.04: MR̄ = 0.22 / 5 = 0.044; none reaches the
/// screening limit 3.267 × 0.044 = 0.1437. Limits 0.42 ± 2.66 × 0.044 = 0.42 ± 0.11704: 0.30296 to 0.53704.
/// The action starts on 3 July 2025, so July is the first month after.
/// </summary>
public sealed class ActionEffectTests
{
    private static readonly DateOnly Start = new(2025, 7, 3);
    private static readonly double[] Baseline = [0.40, 0.44, 0.42, 0.46, 0.38, 0.42];

    private static List<SeriesPoint> Series(double[] before, params double[] after) =>
        before.Concat(after).Select((v, i) => new SeriesPoint(new DateOnly(2025, 1, 1).AddMonths(i + (6 - before.Length)), v)).ToList();

    [Fact]
    public void Baseline_limits_are_those_worked_by_hand()
    {
        var result = ActionEffect.Test(Series(Baseline, 0.41), Start, ImprovementDirection.Decrease);

        Assert.Equal(6, result.BaselinePeriods);
        Assert.Equal(0.42, result.BaselineMean!.Value, 10);
        Assert.Equal(0.30296, result.LowerLimit!.Value, 10);
        Assert.Equal(0.53704, result.UpperLimit!.Value, 10);
    }

    [Fact]
    public void Seven_months_below_the_old_mean_is_an_improvement_when_lower_is_better()
    {
        var result = ActionEffect.Test(Series(Baseline, 0.38, 0.36, 0.39, 0.37, 0.35, 0.38, 0.36), Start, ImprovementDirection.Decrease);

        Assert.Equal((ChangeVerdict.Improvement, (SpecialCauseRule?)SpecialCauseRule.Shift, 7, 7), (result.Verdict, result.Rule, result.SignalLength, result.PeriodsAfter));
        Assert.Equal("Since your action on 3 July 2025 the rate has stayed below the old mean for 7 months: a real improvement (special cause).", result.Sentence);
    }

    [Fact]
    public void The_same_run_is_a_deterioration_when_higher_is_better()
    {
        var result = ActionEffect.Test(Series(Baseline, 0.38, 0.36, 0.39, 0.37, 0.35, 0.38, 0.36), Start, ImprovementDirection.Increase);

        Assert.Equal(ChangeVerdict.Deterioration, result.Verdict);
        Assert.EndsWith("a real deterioration (special cause).", result.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Six_months_below_the_old_mean_is_not_yet_a_run()
    {
        var result = ActionEffect.Test(Series(Baseline, 0.38, 0.36, 0.39, 0.37, 0.35, 0.38), Start, ImprovementDirection.Decrease);

        Assert.Equal(ChangeVerdict.NoChange, result.Verdict);
        Assert.Equal("No change beyond chance yet (6 months after).", result.Sentence);
    }

    [Fact]
    public void A_point_above_the_old_upper_limit_is_a_deterioration_when_lower_is_better()
    {
        // 0.58 > 0.53704; 0.53 is inside.
        var result = ActionEffect.Test(Series(Baseline, 0.45, 0.53, 0.58), Start, ImprovementDirection.Decrease);

        Assert.Equal((ChangeVerdict.Deterioration, (SpecialCauseRule?)SpecialCauseRule.OutsideLimits, (DateOnly?)new DateOnly(2025, 9, 1)),
            (result.Verdict, result.Rule, result.SignalPeriod));
        Assert.Equal("Since your action on 3 July 2025 the rate went above the old upper limit in September 2025: a real deterioration (special cause).", result.Sentence);
    }

    [Fact]
    public void Six_falling_months_are_a_trend_and_five_are_not()
    {
        // All above the mean and inside the limits, so only the trend rule can fire.
        var six = ActionEffect.Test(Series(Baseline, 0.50, 0.48, 0.47, 0.45, 0.44, 0.43), Start, ImprovementDirection.Decrease);
        var five = ActionEffect.Test(Series(Baseline, 0.50, 0.48, 0.47, 0.45, 0.44), Start, ImprovementDirection.Decrease);
        var brokenByAnEqualPair = ActionEffect.Test(Series(Baseline, 0.50, 0.48, 0.47, 0.47, 0.44, 0.43), Start, ImprovementDirection.Decrease);

        Assert.Equal((ChangeVerdict.Improvement, (SpecialCauseRule?)SpecialCauseRule.Trend, 6), (six.Verdict, six.Rule, six.SignalLength));
        Assert.Equal("Since your action on 3 July 2025 the rate has fallen month on month for 6 months: a real improvement (special cause).", six.Sentence);
        Assert.Equal(ChangeVerdict.NoChange, five.Verdict);
        Assert.Equal(ChangeVerdict.NoChange, brokenByAnEqualPair.Verdict);
    }

    [Fact]
    public void Values_that_stay_within_the_limits_are_no_change()
    {
        var result = ActionEffect.Test(Series(Baseline, 0.41, 0.43, 0.40, 0.44), Start, ImprovementDirection.Decrease);

        Assert.Equal((ChangeVerdict.NoChange, 4, (SpecialCauseRule?)null), (result.Verdict, result.PeriodsAfter, result.Rule));
        Assert.Equal("No change beyond chance yet (4 months after).", result.Sentence);
    }

    [Fact]
    public void Five_months_before_the_action_are_not_enough()
    {
        var result = ActionEffect.Test(Series(Baseline[1..], 0.30, 0.31), Start, ImprovementDirection.Decrease);

        Assert.Equal((ChangeVerdict.NotEnoughBaseline, 5, (double?)null), (result.Verdict, result.BaselinePeriods, result.BaselineMean));
        Assert.Equal("Not enough data before the action: 5 months charted before 3 July 2025, and the change test needs at least 6.", result.Sentence);
    }

    [Fact]
    public void No_series_and_no_months_after_are_said_plainly()
    {
        Assert.Equal(ChangeVerdict.NoData, ActionEffect.Test([], Start, ImprovementDirection.Decrease).Verdict);
        var nothingAfter = ActionEffect.Test(Series(Baseline), Start, ImprovementDirection.Decrease);
        Assert.Equal((ChangeVerdict.NothingAfter, "No data since your action on 3 July 2025 yet."), (nothingAfter.Verdict, nothingAfter.Sentence));
    }
}
