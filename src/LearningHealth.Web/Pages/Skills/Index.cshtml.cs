using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills;

[Authorize(Policy = Policies.SignedIn)]
public sealed class SkillsModel : PageModel
{
    public void OnGet()
    {
    }
}
