using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Teams;

/// <summary>The teams whose peer comparison the signed-in person may see: their own initiatives' teams (all teams for Analysts).</summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class IndexModel(FeedbackTeams teams, UserManager<AppUser> users) : PageModel
{
    public IReadOnlyList<FeedbackTeam> Teams { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var viewer = await Practice.FeedbackPages.ViewerAsync(users, User);
        Teams = await teams.ListAsync(viewer, cancellationToken);
    }
}
