using System.Globalization;
using System.Security.Claims;
using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Statistics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearningHealth.Web.Pages.LearningCycle.Practice;

/// <summary>What the feedback pages share: who is signed in, and words for the statistics.</summary>
public static class FeedbackPages
{
    public static async Task<Viewer> ViewerAsync(UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        return new Viewer(user?.Id ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user?.DisplayName ?? principal.Identity?.Name ?? "", user?.PersonId, roles);
    }

    /// <summary>A refusal as the page answers it: 403, 404, or 400 with the message.</summary>
    public static IActionResult? Refuse<T>(Guarded<T> result, Func<IActionResult> forbid)
        where T : class => result.Refused switch
        {
            null => null,
            Refusal.Forbidden => forbid(),
            Refusal.NotFound => new NotFoundResult(),
            _ => new BadRequestObjectResult(result.Message),
        };

    public static string Percent(double? value) => ChartStyle.Percent(value);

    public static string Interval(double? lower, double? upper) =>
        lower is { } l && upper is { } u ? $"{ChartStyle.Percent(l)} to {ChartStyle.Percent(u)}" : "–";

    public static string Target(double? target, ImprovementDirection improvement) => target is { } t
        ? $"{ChartStyle.Percent(t)} {(improvement == ImprovementDirection.Decrease ? "or lower" : "or higher")}"
        : "none";

    public static string Position(FunnelFlag? flag95, FunnelFlag? flag998) => (flag95, flag998) switch
    {
        (_, FunnelFlag.Above) => "Above the 99.8% limit",
        (_, FunnelFlag.Below) => "Below the 99.8% limit",
        (FunnelFlag.Above, _) => "Above the 95% limit (within 99.8%)",
        (FunnelFlag.Below, _) => "Below the 95% limit (within 99.8%)",
        (FunnelFlag.Inside, _) => "Within the limits",
        _ => "Not on the funnel",
    };

    public static string Variation(XmrPointType? type) => type is { } t ? SpcChart.VariationText(t) : "not enough months";

    public static string Assurance(Statistics.Assurance? assurance, double? target) => SpcChart.AssuranceText(assurance, target, ChartStyle.Percent);

    public static string Month(DateOnly period) => period.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
