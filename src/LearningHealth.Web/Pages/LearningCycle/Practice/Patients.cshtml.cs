using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Practice;

/// <summary>The patients behind a clinician's numerator or gap in one month. Clinicians see only their own; every view is audited.</summary>
[Authorize(Policy = Policies.PatientLevelData)]
public sealed class PatientsModel(GetPatientList handler, UserManager<AppUser> users) : PageModel
{
    public PatientList List { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string indicatorId, string? period, string? which, string? clinician, CancellationToken cancellationToken)
    {
        var viewer = await FeedbackPages.ViewerAsync(users, User);
        var result = await handler.HandleAsync(new GetPatientListQuery(viewer, indicatorId, period ?? "", which ?? "", clinician), cancellationToken);
        if (FeedbackPages.Refuse(result, Forbid) is { } refused)
        {
            return refused;
        }

        List = result.Value!;
        return Page();
    }
}
