using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Initiatives;

[Authorize(Policy = Policies.ManageTeam)]
public sealed class EditInitiativeModel(GetInitiative getInitiative, UpdateInitiative updateInitiative) : PageModel
{
    private const int BlankRows = 2;

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty] public long Version { get; set; }
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public string? Aim { get; set; }
    [BindProperty] public string? LearningQuestion { get; set; }
    [BindProperty] public InitiativeStatus Status { get; set; }
    [BindProperty] public DateOnly StartDate { get; set; }
    [BindProperty] public DateOnly? EndDate { get; set; }
    [BindProperty] public List<RoleRequirement> Roles { get; set; } = [];
    [BindProperty] public List<GovernanceItem> Governance { get; set; } = [];

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var details = await getInitiative.HandleAsync(Id, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        var i = details.Initiative;
        (Version, Title, Aim, LearningQuestion, Status, StartDate, EndDate) = (i.Version, i.Title, i.Aim, i.LearningQuestion, i.Status, i.StartDate, i.EndDate);
        Roles = [.. i.Roles, .. Enumerable.Range(0, BlankRows).Select(_ => new RoleRequirement())];
        Governance = [.. i.Governance, new GovernanceItem()];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await updateInitiative.HandleAsync(
            new UpdateInitiativeCommand(Id, Version, Title, Aim, LearningQuestion, Status, StartDate, EndDate, Roles, Governance), cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/team/initiatives/{Id}");
        }

        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return NotFound();
        }

        Problems = outcome.Problems;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
