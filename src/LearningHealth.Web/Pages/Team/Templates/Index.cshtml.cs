using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Templates;

[Authorize(Policy = Policies.ReadTeam)]
// Uploads are capped: a template file is a few kilobytes.
[RequestSizeLimit(1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 1024 * 1024)]
public sealed class TemplatesModel(ManageTemplates templates, IAuthorizationService authorization, AuditLog audit) : PageModel
{
    /// <summary>A template file is a few kilobytes; anything much larger is not one.</summary>
    private const long MaxFileBytes = 256 * 1024;

    public IReadOnlyList<TemplateSummary> Templates { get; private set; } = [];
    public bool CanManage { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0 || file.Length > MaxFileBytes)
        {
            Problems = [new Problem("Choose a template file of at most 256 KB.", "file")];
        }
        else
        {
            using var reader = new StreamReader(file.OpenReadStream());
            var outcome = await templates.ImportAsync(await reader.ReadToEndAsync(cancellationToken), Path.GetFileName(file.FileName), cancellationToken);
            if (outcome.Succeeded)
            {
                await audit.RecordAsync(AuditActions.TemplateSaved, AuditActor.From(User), $"template:{outcome.Value}", $"imported from {Path.GetFileName(file.FileName)}", cancellationToken);
                return Redirect($"/team/templates/{outcome.Value}");
            }

            Problems = outcome.Problems;
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
        Templates = await templates.ListAsync(cancellationToken);
    }
}
