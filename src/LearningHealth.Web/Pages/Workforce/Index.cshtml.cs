using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Workforce;

[Authorize(Policy = Policies.SignedIn)]
public sealed class WorkforceModel : PageModel
{
    public void OnGet()
    {
    }
}
