using LearningHealth.Security;
using LearningHealth.Teams;
using LearningHealth.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.People;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class PeopleModel(ListPeople listPeople, ListOrganisations listOrganisations, IAuthorizationService authorization) : PageModel
{
    public PeopleQuery Query { get; private set; } = new();
    public IReadOnlyList<PersonSummary> People { get; private set; } = [];
    public bool ShowContactDetails { get; private set; }
    public bool CanManage { get; private set; }
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];

    public async Task OnGetAsync(string? search, DisciplineGroup? discipline, EngagementType? engagementType, Guid? organisationId, bool endingSoon, CancellationToken cancellationToken)
    {
        Query = new PeopleQuery(search, discipline, engagementType, organisationId, endingSoon);
        ShowContactDetails = await TeamApi.CanSeeContactDetailsAsync(authorization, HttpContext);
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
        People = await listPeople.HandleAsync(Query, ShowContactDetails, cancellationToken);
        Organisations = await listOrganisations.HandleAsync(cancellationToken);
    }
}
