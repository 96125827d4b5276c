using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Teams;

/// <summary>A team meeting on one indicator: the team's chart, the peer view and a comment thread for the team's members and Leads.</summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class DiscussionModel(TeamDiscussion discussion, GetPeerView peers, GetTeamResults results, UserManager<AppUser> users) : PageModel
{
    [BindProperty]
    public string? Text { get; set; }

    public Discussion Thread { get; private set; } = null!;
    public PeerView Peers { get; private set; } = null!;
    public ChartOutput? Chart { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid initiativeId, string indicatorId, CancellationToken cancellationToken) =>
        await LoadAsync(initiativeId, indicatorId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid initiativeId, string indicatorId, CancellationToken cancellationToken)
    {
        var viewer = await Practice.FeedbackPages.ViewerAsync(users, User);
        var added = await discussion.AddAsync(new AddDiscussionCommentCommand(viewer, initiativeId, indicatorId, Text), cancellationToken);
        if (added.Refused is Refusal.Forbidden or Refusal.NotFound)
        {
            return Practice.FeedbackPages.Refuse(added, Forbid)!;
        }

        if (!added.Allowed)
        {
            Error = added.Message;
            ModelState.AddModelError(nameof(Text), added.Message!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(initiativeId, indicatorId, cancellationToken) ?? Page();
        }

        return Redirect($"/learning-cycle/teams/{initiativeId}/{indicatorId}/discussion#comments");
    }

    private async Task<IActionResult?> LoadAsync(Guid initiativeId, string indicatorId, CancellationToken cancellationToken)
    {
        var viewer = await Practice.FeedbackPages.ViewerAsync(users, User);
        var thread = await discussion.GetAsync(new GetDiscussionQuery(viewer, initiativeId, indicatorId), cancellationToken);
        if (Practice.FeedbackPages.Refuse(thread, Forbid) is { } refused)
        {
            return refused;
        }

        var peerView = await peers.HandleAsync(new GetPeerViewQuery(viewer, initiativeId, indicatorId), cancellationToken);
        var team = await results.HandleAsync(new GetTeamResultsQuery(viewer, initiativeId, indicatorId), cancellationToken);
        if (Practice.FeedbackPages.Refuse(peerView, Forbid) is { } refusedPeers)
        {
            return refusedPeers;
        }

        Thread = thread.Value!;
        Peers = peerView.Value!;
        Chart = team.Value is { } t ? PracticeCharts.Team(t) : null;
        return null;
    }
}
