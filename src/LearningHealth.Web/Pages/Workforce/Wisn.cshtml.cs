using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Workforce;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Workforce;

/// <summary>The WISN calculator: a study per staff category and facility, and its required staff, difference and ratio.</summary>
[Authorize(Policy = Policies.WorkforcePlanning)]
public sealed class WisnModel : PageModel
{
    [BindProperty]
    public string StudyJson { get; set; } = "";

    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public WisnStudyResult? Result { get; private set; }

    public void OnGet() => StudyJson = WorkforceExamples.WisnStudy;

    public IActionResult OnPost()
    {
        var outcome = Wisn.Parse(StudyJson);
        if (!outcome.Succeeded)
        {
            Problems = outcome.Problems;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Result = outcome.Value;
        return Page();
    }
}
