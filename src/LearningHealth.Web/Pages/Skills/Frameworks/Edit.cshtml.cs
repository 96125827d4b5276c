using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Frameworks;

/// <summary>A simple editor for custom frameworks: the framework as CSV text, saved as a new version.</summary>
[Authorize(Policy = Policies.ManageFrameworks)]
public sealed class EditFrameworkModel(ExportFramework export, BrowseFrameworks browse, ImportFramework import, AuditLog audit) : PageModel
{
    public string Key { get; private set; } = "";
    public string Text { get; private set; } = "";
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        var framework = await browse.GetAsync(key, cancellationToken: cancellationToken);
        if (framework is null || framework.BuiltIn)
        {
            return NotFound();
        }

        Key = key;
        Text = (await export.HandleAsync(key, FrameworkFormat.Csv, cancellationToken: cancellationToken))!.Content;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, string? text, CancellationToken cancellationToken)
    {
        Key = key;
        Text = text ?? "";
        var parsed = FrameworkCsv.Parse(Text);
        var problems = parsed.Problems.ToList();
        if (parsed.Succeeded && parsed.Value!.Key != key)
        {
            problems.Add(new Problem($"The framework column must stay {key}; to make another framework, import it.", "File"));
        }

        if (problems.Count == 0)
        {
            var saved = await import.HandleAsync(Text, FrameworkFormat.Csv, cancellationToken);
            problems.AddRange(saved.Problems);
        }

        if (problems.Count == 0)
        {
            await audit.RecordAsync(AuditActions.FrameworkSaved, AuditActor.From(User), $"framework:{key}", "edited as CSV; saved as a new version", cancellationToken);
            return Redirect($"/skills/frameworks/{key}");
        }

        Problems = problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
