using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Web.Pages.LearningCycle.Practice;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace LearningHealth.Web.Api;

/// <summary>My practice as JSON: the signed-in clinician's own indicators, never anyone else's.</summary>
public static class PracticeApi
{
    public static IEndpointRouteBuilder MapPracticeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me/practice", GetMyPracticeAsync).WithTags("Me").WithName("GetMyPractice")
            .WithSummary("The signed-in clinician's feedback on each indicator").RequireAuthorization(Policies.OwnPractice);
        return routes;
    }

    /// <summary>One indicator in the summary: figures of the latest charted period and the interpretation.</summary>
    public sealed record PracticeSummaryItem(
        string IndicatorId, string Title, string Period, long Numerator, long Denominator, double? Value, double? CiLower, double? CiUpper,
        double? Target, string Improvement, string? Flag95, string? Flag998, string? Variation, string? Assurance, string Interpretation);

    public sealed record PracticeSummary(bool Linked, string? Explanation, string? DataUpTo, DateTime? LastRun, bool Stale, IReadOnlyList<PracticeSummaryItem> Indicators);

    private static async Task<Ok<PracticeSummary>> GetMyPracticeAsync(ClaimsPrincipal user, UserManager<AppUser> users, GetMyPractice handler, CancellationToken cancellationToken)
    {
        var viewer = await FeedbackPages.ViewerAsync(users, user);
        var practice = await handler.HandleAsync(new GetMyPracticeQuery(viewer), cancellationToken);
        static string? Name<T>(T? value) where T : struct, Enum => value is { } v ? LearningHealth.Indicators.IndicatorStatistics.Name(v) : null;
        return TypedResults.Ok(new PracticeSummary(
            practice.Linked, practice.Explanation.Length == 0 ? null : practice.Explanation,
            practice.Freshness.LastDataDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), practice.Freshness.LastRun, practice.Freshness.Stale,
            [.. practice.Indicators.Select(i => new PracticeSummaryItem(
                i.Indicator.Id, i.Indicator.Title, FeedbackPages.Month(i.Latest.PeriodStart), i.Latest.Numerator, i.Latest.Denominator,
                i.Latest.Value, i.Latest.CiLower, i.Latest.CiUpper, i.Indicator.Target, LearningHealth.Indicators.IndicatorStatistics.Name(i.Indicator.Improvement),
                Name(i.Flag95), Name(i.Flag998), Name(i.Variation), Name(i.Assurance), i.Interpretation.Text))]));
    }
}
