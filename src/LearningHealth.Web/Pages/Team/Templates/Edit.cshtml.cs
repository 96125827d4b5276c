using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Templates;

[Authorize(Policy = Policies.ManageTeam)]
public sealed class EditTemplateModel(ManageTemplates templates, AuditLog audit) : PageModel
{
    [FromRoute] public string Key { get; set; } = "";
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string Description { get; set; } = "";
    [BindProperty] public List<RoleRequirement> Roles { get; set; } = [];
    [BindProperty] public List<CompetencyRequirement> Competencies { get; set; } = [];
    [BindProperty] public string GovernanceText { get; set; } = "";

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var template = await templates.GetAsync(Key, cancellationToken);
        if (template is null)
        {
            return NotFound();
        }

        if (template.BuiltIn)
        {
            return Redirect($"/team/templates/{Key}");
        }

        (Version, Name, Description) = (template.Version, template.Name, template.Description);
        Roles = [.. template.Roles, new RoleRequirement(), new RoleRequirement()];
        Competencies = [.. template.Competencies, new CompetencyRequirement { MinimumLevel = 2 }, new CompetencyRequirement { MinimumLevel = 2 }];
        GovernanceText = string.Join(Environment.NewLine, template.Governance.Select(g => g.Name));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var governance = GovernanceText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var outcome = await templates.SaveAsync(new SaveTemplateCommand(Key, Version, Name, Description, Roles, Competencies, governance, User.Identity?.Name), cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.RecordAsync(AuditActions.TemplateSaved, AuditActor.From(User), $"template:{Key}", $"edited; now version {outcome.Value}", cancellationToken);
            return Redirect($"/team/templates/{Key}");
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
