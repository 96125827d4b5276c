using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Skills;

namespace LearningHealth.Feedback;

/// <summary>Checks the acting-on-feedback use cases share: the indicator exists, the feedback is the actor's own, text is given.</summary>
internal static class FeedbackRules
{
    /// <summary>Free text is kept within a size a page can show; longer belongs in a document.</summary>
    public const int MaxText = 4000;

    /// <summary>Feedback is personal: only the person it is about responds to it, questions it or plans from it.</summary>
    public static Problem? OwnFeedback(Guid personId, Actor actor) =>
        actor.PersonId == personId ? null : new Problem("You can only act on feedback about your own practice.", "PersonId");

    public static Problem? UnknownIndicator(IndicatorCatalog catalog, string? indicatorId) =>
        catalog.Find(indicatorId) is null ? new Problem($"There is no indicator '{indicatorId}'.", "IndicatorId", ProblemKind.NotFound) : null;

    /// <summary>Null when the text is present and not too long; otherwise the problem, naming the field.</summary>
    public static Problem? Text(string? text, string field, string missing) =>
        string.IsNullOrWhiteSpace(text) ? new Problem(missing, field)
        : text.Trim().Length > MaxText ? new Problem($"Keep it under {MaxText} characters (it has {text.Trim().Length}).", field)
        : null;

    public static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);
}
