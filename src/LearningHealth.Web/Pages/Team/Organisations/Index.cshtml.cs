using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Organisations;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class OrganisationsModel(ListOrganisations listOrganisations) : PageModel
{
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Organisations = await listOrganisations.HandleAsync(cancellationToken);
}
