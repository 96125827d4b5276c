using LearningHealth.Indicators;
using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

/// <summary>Reads the statistics stored as names in <c>indicator_results</c> (e.g. <c>special_cause_improvement</c>) back into their types.</summary>
public static class StoredFlags
{
    public static T? Parse<T>(string? stored)
        where T : struct, Enum =>
        stored is not null && Enum.TryParse<T>(stored.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var value) ? value : null;

    /// <summary>Stored funnel flags say "inside", "above" or "below".</summary>
    public static FunnelFlag? Flag(string? stored) => Parse<FunnelFlag>(stored);

    /// <summary>A count may be published only when its suppression flag is <c>shown</c>.</summary>
    public static bool Publishable(StoredResult row) => string.Equals(row.Suppression, "shown", StringComparison.Ordinal);

    /// <summary>Charted: at least the indicator's minimum denominator, so it has an SPC point (and a funnel point in the latest period).</summary>
    public static bool Charted(StoredResult row) => !row.BelowMinimum && row.Denominator > 0 && row.Value is not null;
}
