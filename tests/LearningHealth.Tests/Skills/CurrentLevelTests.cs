using LearningHealth.Skills;

namespace LearningHealth.Tests.Skills;

public sealed class CurrentLevelTests
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private static readonly Guid Person = Guid.NewGuid();

    private static RatingFact Rating(AssessmentKind kind, AssessmentStatus status, int level, int daysAgo, DateOnly? validUntil = null) =>
        new(Person, "lhs-core", "C4.2", kind, status, level, Today.AddDays(-daysAgo), validUntil, new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(-daysAgo));

    [Fact]
    public void A_confirmed_rating_beats_a_later_self_rating()
    {
        var level = CurrentLevels.Of(
        [
            Rating(AssessmentKind.Assessor, AssessmentStatus.Confirmed, 2, daysAgo: 30),
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 4, daysAgo: 1),
        ], Today);

        Assert.Equal(new CurrentLevel(2, true, Today.AddDays(-30), null), level);
    }

    [Fact]
    public void The_latest_confirmed_rating_counts_even_if_lower()
    {
        var level = CurrentLevels.Of(
        [
            Rating(AssessmentKind.Self, AssessmentStatus.Confirmed, 3, daysAgo: 300),
            Rating(AssessmentKind.Peer, AssessmentStatus.Confirmed, 2, daysAgo: 10),
        ], Today);

        Assert.Equal(2, level!.Level);
        Assert.True(level.Confirmed);
    }

    [Fact]
    public void Without_a_confirmed_rating_the_latest_submitted_self_rating_shows_as_unconfirmed()
    {
        var level = CurrentLevels.Of(
        [
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 1, daysAgo: 100),
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 3, daysAgo: 5),
            Rating(AssessmentKind.Peer, AssessmentStatus.Submitted, 4, daysAgo: 1),
        ], Today);

        Assert.Equal(3, level!.Level);
        Assert.False(level.Confirmed);
    }

    [Fact]
    public void An_expired_confirmed_rating_no_longer_counts_and_an_older_self_rating_takes_over()
    {
        var level = CurrentLevels.Of(
        [
            Rating(AssessmentKind.Assessor, AssessmentStatus.Confirmed, 4, daysAgo: 800, validUntil: Today.AddDays(-1)),
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 2, daysAgo: 900),
        ], Today);

        Assert.Equal(2, level!.Level);
        Assert.False(level.Confirmed);
    }

    [Fact]
    public void A_rating_valid_until_today_still_counts()
    {
        var level = CurrentLevels.Of([Rating(AssessmentKind.Assessor, AssessmentStatus.Confirmed, 3, daysAgo: 700, validUntil: Today)], Today);

        Assert.Equal(3, level!.Level);
    }

    [Fact]
    public void Returned_and_draft_ratings_never_count()
    {
        var level = CurrentLevels.Of(
        [
            Rating(AssessmentKind.Self, AssessmentStatus.Returned, 4, daysAgo: 2),
            Rating(AssessmentKind.Self, AssessmentStatus.Draft, 4, daysAgo: 1),
        ], Today);

        Assert.Null(level);
    }

    [Fact]
    public void Computing_many_at_once_gives_the_same_answer_per_person_and_competency()
    {
        var other = Guid.NewGuid();
        var ratings = new List<RatingFact>
        {
            Rating(AssessmentKind.Assessor, AssessmentStatus.Confirmed, 2, daysAgo: 30),
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 4, daysAgo: 1),
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 1, daysAgo: 1) with { PersonId = other },
            Rating(AssessmentKind.Self, AssessmentStatus.Submitted, 3, daysAgo: 1) with { Code = "C1.1" },
        };

        var levels = CurrentLevels.Compute(ratings, Today);

        Assert.Equal(3, levels.Count);
        Assert.Equal(2, levels[(Person, "lhs-core", "C4.2")].Level);
        Assert.Equal(1, levels[(other, "lhs-core", "C4.2")].Level);
        Assert.False(levels[(Person, "lhs-core", "C1.1")].Confirmed);
    }
}
