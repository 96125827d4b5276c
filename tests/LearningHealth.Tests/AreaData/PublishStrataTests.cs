using LearningHealth.AreaData;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.AreaData;

public sealed class PublishStrataTests
{
    private static Stratum S(string label, long numerator, long denominator) =>
        new(label, label, false, numerator, denominator, (double)numerator / denominator, null, null);

    [Fact]
    public void A_small_numerator_denominator_or_remainder_hides_its_stratum_and_the_next_smallest_is_hidden_with_it()
    {
        // B has 5 cases (small denominator); A, C and D are large. Alone, B could be worked out from the total, so the
        // smallest other stratum (C, 40 cases) is hidden too.
        var published = PublishStrata.Suppress([S("A", 30, 100), S("B", 2, 5), S("C", 20, 40), S("D", 50, 90)], new SuppressionPolicy());

        Assert.Equal([false, true, true, false], published.Strata.Select(s => s.Hidden));
        Assert.All(published.Strata.Where(s => s.Hidden), s => Assert.Null(s.Numerator));
        Assert.False(published.TotalWithheld);
    }

    [Theory]
    [InlineData(3, 100)]   // numerator small
    [InlineData(95, 100)]  // 5 not meeting the indicator
    [InlineData(0, 6)]     // denominator small
    public void Each_kind_of_small_number_is_primary(long numerator, long denominator)
    {
        var published = PublishStrata.Suppress([S("A", numerator, denominator), S("B", 40, 80), S("C", 30, 90)], new SuppressionPolicy());

        Assert.True(published.Strata[0].Hidden);
        Assert.True(published.Strata[1].Hidden); // B (80 cases) is smaller than C (90): the partner
        Assert.False(published.Strata[2].Hidden);
    }

    [Fact]
    public void With_nothing_to_pair_the_total_is_withheld_and_large_strata_are_shown()
    {
        var alone = PublishStrata.Suppress([S("A", 2, 4)], new SuppressionPolicy());
        var large = PublishStrata.Suppress([S("A", 30, 100), S("B", 20, 60)], new SuppressionPolicy());

        Assert.True(alone.TotalWithheld);
        Assert.All(large.Strata, s => Assert.False(s.Hidden));
        Assert.Equal([30L, 20L], large.Strata.Select(s => s.Numerator!.Value));
    }
}
