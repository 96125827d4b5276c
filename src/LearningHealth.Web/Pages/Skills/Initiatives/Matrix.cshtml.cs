using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Initiatives;

/// <summary>An initiative's team against the competencies it needs: levels, coverage and single points of failure.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class SkillsMatrixModel(BuildSkillsMatrix build) : PageModel
{
    public Guid Id { get; private set; }
    public SkillsMatrix Matrix { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var matrix = await build.ForInitiativeAsync(id, cancellationToken);
        if (matrix is null)
        {
            return NotFound();
        }

        Id = id;
        Matrix = matrix;
        return Page();
    }
}
