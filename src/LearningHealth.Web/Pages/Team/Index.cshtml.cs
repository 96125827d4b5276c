using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team;

/// <summary>The programme overview: the team's make-up by group and terms, its leads, its backing and its risks.</summary>
[Authorize(Policy = Policies.ReadTeam)]
public sealed class TeamOverviewModel(ProgrammeOverview programmeOverview) : PageModel
{
    public ProgrammeOverviewResult Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Overview = await programmeOverview.HandleAsync(cancellationToken);
}
