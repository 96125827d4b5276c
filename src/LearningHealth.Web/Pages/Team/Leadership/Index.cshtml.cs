using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Leadership;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class LeadershipModel(ProgrammeOverview programmeOverview, ManageLeadership leadership, ListPeople listPeople, IAuthorizationService authorization) : PageModel
{
    public ProgrammeOverviewResult Overview { get; private set; } = null!;
    public IReadOnlyList<PersonSummary> People { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool Saved { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostLeadAsync(DisciplineGroup group, Guid? personId, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded)
        {
            return Forbid();
        }

        return await AfterAsync((await leadership.SetLeadAsync(group, personId, cancellationToken)).Problems, cancellationToken);
    }

    public async Task<IActionResult> OnPostSponsorshipAsync(SponsorshipCommand command, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded)
        {
            return Forbid();
        }

        return await AfterAsync((await leadership.SaveSponsorshipAsync(command, cancellationToken)).Problems, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count == 0)
        {
            return Redirect("/team/leadership?saved=true");
        }

        Problems = problems;
        Response.StatusCode = problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
        Overview = await programmeOverview.HandleAsync(cancellationToken);
        People = await listPeople.HandleAsync(new PeopleQuery(), includeContactDetails: false, cancellationToken);
    }
}
