using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle;

[Authorize(Policy = Policies.SignedIn)]
public sealed class LearningCycleModel : PageModel
{
    public void OnGet()
    {
    }
}
