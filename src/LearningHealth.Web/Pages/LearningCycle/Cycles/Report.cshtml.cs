using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Cycles;

/// <summary>
/// The signed-in clinician's printable report for one cycle. The report is always their own: a <c>personId</c> that
/// is not theirs gets "not found", whatever the role, and so does a user with no practice in the data.
/// </summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class ReportModel(FeedbackCycles cycles) : PageModel
{
    public CycleReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid cycleId, Guid? personId, CancellationToken cancellationToken)
    {
        var outcome = await cycles.ReportAsync(cycleId, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (!outcome.Succeeded || (personId is { } asked && asked != outcome.Value!.PersonId))
        {
            return NotFound();
        }

        Report = outcome.Value!;
        return Page();
    }
}
