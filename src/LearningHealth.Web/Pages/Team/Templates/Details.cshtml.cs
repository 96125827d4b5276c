using System.Text;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Templates;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class TemplateModel(ManageTemplates templates, IAuthorizationService authorization, AuditLog audit) : PageModel
{
    public InitiativeTemplate Template { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken) =>
        await LoadAsync(key, cancellationToken) ? Page() : NotFound();

    /// <summary>The template in its file format, to edit elsewhere and import back, or to share with another organisation.</summary>
    public async Task<IActionResult> OnGetFileAsync(string key, CancellationToken cancellationToken)
    {
        var template = await templates.GetAsync(key, cancellationToken);
        return template is null ? NotFound() : File(Encoding.UTF8.GetBytes(TemplateFile.Write(template)), "application/json", $"{key}.json");
    }

    public async Task<IActionResult> OnPostCopyAsync(string key, string name, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded)
        {
            return Forbid();
        }

        var outcome = await templates.CopyAsync(key, name, cancellationToken);
        if (outcome.Succeeded)
        {
            await audit.RecordAsync(AuditActions.TemplateSaved, AuditActor.From(User), $"template:{outcome.Value}", $"copied from {key}", cancellationToken);
            return Redirect($"/team/templates/{outcome.Value}/edit");
        }

        Problems = outcome.Problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(key, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var template = await templates.GetAsync(key, cancellationToken);
        if (template is null)
        {
            return false;
        }

        Template = template;
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
        return true;
    }
}
