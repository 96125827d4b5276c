namespace LearningHealth.Skills;

/// <summary>One rating, reduced to what deciding a current level needs.</summary>
public sealed record RatingFact(
    Guid PersonId, string FrameworkKey, string Code, AssessmentKind Kind, AssessmentStatus Status, int Level, DateOnly AssessedOn, DateOnly? ValidUntil, DateTime CreatedAt);

/// <summary>A person's current level on a competency, and whether an assessor has confirmed it.</summary>
public sealed record CurrentLevel(int Level, bool Confirmed, DateOnly AssessedOn, DateOnly? ValidUntil);

/// <summary>
/// The rules for a person's current level on a competency (a framework key and code, across the framework's versions):
/// <list type="number">
/// <item>the latest confirmed rating that has not expired;</item>
/// <item>otherwise the latest submitted or confirmed self-rating that has not expired, shown as unconfirmed;</item>
/// <item>otherwise none.</item>
/// </list>
/// Drafts and returned ratings never count; expired ratings stay in the history but no longer count.
/// "Latest" is by the day assessed, then by when the rating was made.
/// </summary>
public static class CurrentLevels
{
    public static bool Counts(RatingFact r, DateOnly today) =>
        r.ValidUntil is not { } until || until >= today;

    public static CurrentLevel? Of(IEnumerable<RatingFact> ratings, DateOnly today)
    {
        RatingFact? confirmed = null, self = null;
        foreach (var r in ratings)
        {
            Consider(r, today, ref confirmed, ref self);
        }

        return Decide(confirmed, self);
    }

    /// <summary>Current levels for many people and competencies in one pass, keyed by person, framework key and code.</summary>
    public static Dictionary<(Guid PersonId, string FrameworkKey, string Code), CurrentLevel> Compute(IEnumerable<RatingFact> ratings, DateOnly today)
    {
        var best = new Dictionary<(Guid, string, string), (RatingFact? Confirmed, RatingFact? Self)>();
        foreach (var r in ratings)
        {
            var key = (r.PersonId, r.FrameworkKey, r.Code);
            best.TryGetValue(key, out var pair);
            var (confirmed, self) = pair;
            Consider(r, today, ref confirmed, ref self);
            best[key] = (confirmed, self);
        }

        var result = new Dictionary<(Guid, string, string), CurrentLevel>(best.Count);
        foreach (var (key, (confirmed, self)) in best)
        {
            if (Decide(confirmed, self) is { } level)
            {
                result[key] = level;
            }
        }

        return result;
    }

    private static void Consider(RatingFact r, DateOnly today, ref RatingFact? confirmed, ref RatingFact? self)
    {
        if (!Counts(r, today))
        {
            return;
        }

        if (r.Status == AssessmentStatus.Confirmed && Later(r, confirmed))
        {
            confirmed = r;
        }

        if (r.Kind == AssessmentKind.Self && r.Status is AssessmentStatus.Submitted or AssessmentStatus.Confirmed && Later(r, self))
        {
            self = r;
        }
    }

    private static bool Later(RatingFact r, RatingFact? than) =>
        than is null || r.AssessedOn > than.AssessedOn || (r.AssessedOn == than.AssessedOn && r.CreatedAt > than.CreatedAt);

    private static CurrentLevel? Decide(RatingFact? confirmed, RatingFact? self) =>
        confirmed is not null ? new CurrentLevel(confirmed.Level, true, confirmed.AssessedOn, confirmed.ValidUntil)
        : self is not null ? new CurrentLevel(self.Level, false, self.AssessedOn, self.ValidUntil)
        : null;
}
