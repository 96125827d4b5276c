using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Frameworks;

/// <summary>The framework browser: the tree of competencies with level descriptors and crosswalks.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class FrameworkModel(BrowseFrameworks browse, IAuthorizationService authorization) : PageModel
{
    public FrameworkView Framework { get; private set; } = null!;
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, int? version, CancellationToken cancellationToken)
    {
        var framework = await browse.GetAsync(key, version, cancellationToken);
        if (framework is null)
        {
            return NotFound();
        }

        Framework = framework;
        CanEdit = !framework.BuiltIn && (await authorization.AuthorizeAsync(User, Policies.ManageFrameworks)).Succeeded;
        return Page();
    }
}
