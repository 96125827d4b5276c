using System.Security.Claims;
using LearningHealth.Dashboard;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages;

/// <summary>The home dashboard: what is the signed-in person's to do.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(GetMyWork getMyWork) : PageModel
{
    public MyWork Work { get; private set; } = new("", [], []);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var roles = User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        Work = await getMyWork.HandleAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, roles, cancellationToken);
    }
}
