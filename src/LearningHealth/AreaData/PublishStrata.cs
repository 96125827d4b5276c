using LearningHealth.Statistics;

namespace LearningHealth.AreaData;

/// <summary>Strata as they may be shown to everyone: small numbers hidden, and the total withheld if it would give one away.</summary>
public sealed record PublishedStrata(IReadOnlyList<StratumPoint> Strata, bool TotalWithheld);

/// <summary>
/// Disclosure control for a stratified indicator shown at organisation level to every role
/// (<see cref="DisclosureControl.SuppressList"/>, the HES small-number rule). A stratum is hidden (primary) when its
/// numerator, its denominator or the cases not meeting the indicator (denominator − numerator) are small, since any of
/// the three reveals a handful of patients. Secondary suppression then works on the strata as a list with a published
/// total: the primary strata are given to <see cref="DisclosureControl.SuppressList"/> as a small count and the others
/// as their denominator (always above the threshold, else they would be primary), so it hides the next smallest
/// stratum when exactly one is hidden, or withholds the total when there is none to hide.
/// </summary>
public static class PublishStrata
{
    public static PublishedStrata Suppress(IReadOnlyList<Stratum> strata, SuppressionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(policy);
        if (strata.Count == 0)
        {
            return new PublishedStrata([], false);
        }

        var primary = strata.Select(s => policy.IsSmall(s.Numerator) || policy.IsSmall(s.Denominator) || policy.IsSmall(s.Denominator - s.Numerator)).ToList();
        var list = DisclosureControl.SuppressList([.. strata.Select((s, i) => primary[i] ? 1L : s.Denominator)], policy);
        var points = strata.Select((s, i) => list.Cells[i] == CellSuppression.Shown
            ? new StratumPoint(s.Label, s.Numerator, s.Denominator, s.Proportion, s.CiLower, s.CiUpper)
            : new StratumPoint(s.Label, null, null, null, null, null, Hidden: true)).ToList();
        return new PublishedStrata(points, list.TotalSuppressed);
    }

    /// <summary>Every stratum as it is, for analysts.</summary>
    public static IReadOnlyList<StratumPoint> Full(IReadOnlyList<Stratum> strata) =>
        [.. strata.Select(s => new StratumPoint(s.Label, s.Numerator, s.Denominator, s.Proportion, s.CiLower, s.CiUpper))];
}
