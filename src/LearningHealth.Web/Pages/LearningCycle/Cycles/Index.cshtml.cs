using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Cycles;

/// <summary>
/// The published feedback cycles, each with the signed-in clinician's own printable report. Leads, Analysts and
/// Admins (PublishFeedback) also see how many were notified and e-mailed, and can publish now.
/// </summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class CyclesModel(FeedbackCycles cycles, PublishFeedbackCycle publish, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<CycleSummary> Cycles { get; private set; } = [];
    public bool CanPublish { get; private set; }
    public bool HasPractice { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CanPublish = (await authorization.AuthorizeAsync(User, Policies.PublishFeedback)).Succeeded;
        HasPractice = await cycles.LinkForUserAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken) is not null;
        Cycles = await cycles.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.PublishFeedback)).Succeeded)
        {
            return Forbid();
        }

        var outcome = await publish.HandleAsync(new PublishFeedbackCycleCommand(User.FindFirstValue(ClaimTypes.NameIdentifier), User.Identity?.Name ?? "unknown"), cancellationToken);
        Message = outcome.Succeeded
            ? outcome.Value!.NewCycle
                ? $"Published the cycle for {PublishFeedbackCycle.Month(outcome.Value.PeriodStart)}: {outcome.Value.NewlyNotified} clinician(s) notified, {outcome.Value.Emailed} e-mailed" + (outcome.Value.EmailFailures > 0 ? $", {outcome.Value.EmailFailures} e-mail(s) failed." : ".")
                : $"The cycle for {PublishFeedbackCycle.Month(outcome.Value.PeriodStart)} was already published; {outcome.Value.NewlyNotified} missing notification(s) added."
            : outcome.Problems[0].Message;
        return RedirectToPage();
    }
}
