using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Organisations;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class OrganisationsModel(ListOrganisations listOrganisations, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
        Organisations = await listOrganisations.HandleAsync(cancellationToken);
    }
}
