using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Initiatives;

/// <summary>An initiative: what it needs, the team it has, the gaps and risks, and (for Leads) changing the team.</summary>
[Authorize(Policy = Policies.ReadTeam)]
public sealed class InitiativeModel(GetInitiative getInitiative, ChangeTeam changeTeam, ListPeople listPeople, IAuthorizationService authorization) : PageModel
{
    public InitiativeDetails Details { get; private set; } = null!;
    public IReadOnlyList<PersonSummary> Candidates { get; private set; } = [];
    public bool CanManage { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddMemberAsync(Guid id, Guid personId, decimal fte, bool isLead, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var outcome = await changeTeam.AddAsync(new AddMemberCommand(id, personId, null, fte, isLead), cancellationToken);
        return await AfterChangeAsync(id, outcome.Problems, cancellationToken);
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(Guid id, Guid personId, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var outcome = await changeTeam.RemoveAsync(id, personId, cancellationToken);
        return await AfterChangeAsync(id, outcome.Problems, cancellationToken);
    }

    private async Task<IActionResult> AfterChangeAsync(Guid id, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count == 0)
        {
            // Post/redirect/get: a refresh must not add the person twice.
            return Redirect($"/team/initiatives/{id}#team");
        }

        Problems = problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> CanManageAsync() => (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await getInitiative.HandleAsync(id, cancellationToken);
        if (details is null)
        {
            return false;
        }

        Details = details;
        CanManage = await CanManageAsync();
        if (CanManage)
        {
            var inTeam = details.Members.Select(m => m.PersonId).ToHashSet();
            Candidates = (await listPeople.HandleAsync(new PeopleQuery(), includeContactDetails: false, cancellationToken))
                .Where(p => p.EngagementType is not null && !inTeam.Contains(p.Id))
                .OrderBy(p => p.Discipline).ThenBy(p => p.Name, StringComparer.CurrentCulture)
                .ToList();
        }

        return true;
    }
}
