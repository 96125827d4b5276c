using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Initiatives;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class InitiativesModel(ListInitiatives listInitiatives, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<InitiativeSummary> Initiatives { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
        Initiatives = await listInitiatives.HandleAsync(cancellationToken);
    }
}
