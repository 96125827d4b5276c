using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Initiatives;

[Authorize(Policy = Policies.ManageTeam)]
public sealed class NewInitiativeModel(ManageTemplates templates, CreateInitiative createInitiative, TimeProvider clock) : PageModel
{
    public IReadOnlyList<TemplateSummary> Templates { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string TemplateKey { get; set; } = "";

    [BindProperty]
    public string Title { get; set; } = "";

    [BindProperty]
    public string? Aim { get; set; }

    [BindProperty]
    public string? LearningQuestion { get; set; }

    [BindProperty]
    public DateOnly StartDate { get; set; }

    [BindProperty]
    public DateOnly? EndDate { get; set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        StartDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Templates = await templates.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await createInitiative.HandleAsync(new CreateInitiativeCommand(TemplateKey, Title, Aim, LearningQuestion, StartDate, EndDate), cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/team/initiatives/{outcome.Value}");
        }

        Problems = outcome.Problems;
        Templates = await templates.ListAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
