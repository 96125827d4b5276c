using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Teams;

/// <summary>
/// A team's clinicians on one indicator (named for the team's Leads, anonymous for everyone else allowed in) and the
/// team's summed results over time. The page policy lets clinicians, Leads and Analysts in; the handlers apply the
/// row rules.
/// </summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class DetailsModel(GetPeerView peers, GetTeamResults results, UserManager<AppUser> users) : PageModel
{
    public PeerView Peers { get; private set; } = null!;
    public TeamResults Team { get; private set; } = null!;
    public ChartOutput? Chart { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid initiativeId, string indicatorId, CancellationToken cancellationToken)
    {
        var viewer = await Practice.FeedbackPages.ViewerAsync(users, User);
        var peerView = await peers.HandleAsync(new GetPeerViewQuery(viewer, initiativeId, indicatorId), cancellationToken);
        if (Practice.FeedbackPages.Refuse(peerView, Forbid) is { } refused)
        {
            return refused;
        }

        var team = await results.HandleAsync(new GetTeamResultsQuery(viewer, initiativeId, indicatorId), cancellationToken);
        if (Practice.FeedbackPages.Refuse(team, Forbid) is { } refusedTeam)
        {
            return refusedTeam;
        }

        (Peers, Team) = (peerView.Value!, team.Value!);
        Chart = PracticeCharts.Team(Team);
        return Page();
    }
}
