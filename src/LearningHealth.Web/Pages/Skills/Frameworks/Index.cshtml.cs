using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Frameworks;

/// <summary>Every framework, with exports; Leads and Admins import new frameworks or new versions.</summary>
[Authorize(Policy = Policies.ReadSkills)]
// Uploads are capped: the largest published frameworks are a few megabytes.
[RequestSizeLimit(10 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 10 * 1024 * 1024)]
public sealed class FrameworksModel(BrowseFrameworks browse, ImportFramework import, IAuthorizationService authorization, AuditLog audit) : PageModel
{
    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];
    public bool CanManage { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public string? Text { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? text, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.ManageFrameworks)).Succeeded)
        {
            return Forbid();
        }

        if (file is { Length: > 0 })
        {
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        var outcome = string.IsNullOrWhiteSpace(text)
            ? Outcome<Guid>.Fail(new Problem("Choose a file or paste a framework.", "File"))
            : await import.HandleAsync(text, cancellationToken: cancellationToken);
        if (outcome.Succeeded)
        {
            var key = ImportFramework.Parse(text!, ImportFramework.Detect(text!)).Value!.Key;
            await audit.RecordAsync(AuditActions.FrameworkImported, AuditActor.From(User), $"framework:{key}",
                $"format: {ImportFramework.Detect(text!)}; {(file is { Length: > 0 } ? $"file: {file.FileName}" : "pasted text")}", cancellationToken);
            return Redirect($"/skills/frameworks/{key}");
        }

        Problems = outcome.Problems;
        Text = text;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Frameworks = await browse.ListAsync(cancellationToken);
        CanManage = (await authorization.AuthorizeAsync(User, Policies.ManageFrameworks)).Succeeded;
    }
}
