using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.DataUse;

/// <summary>The information-governance register: everyone reads it; Leads, Analysts and Admins (ManageDataUse) edit it.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class RegisterModel(ManageDataUseRegister register, IAuthorizationService authorization) : PageModel
{
    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? DataSource { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? ResourceTypes { get; set; }
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    [BindProperty] public DpiaStatus Dpia { get; set; }
    [BindProperty] public string? Owner { get; set; }
    [BindProperty] public DateOnly? ReviewDate { get; set; }

    public IReadOnlyList<DataUseEntry> Entries { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        CanEdit = await CanEditAsync();
        if (Id is { } id)
        {
            var entry = await register.GetAsync(id, cancellationToken);
            if (entry is null)
            {
                return NotFound();
            }

            (Version, DataSource, Description, ResourceTypes, Purpose, LegalBasis, Dpia, Owner, ReviewDate) =
                (entry.Version, entry.DataSource, entry.Description, string.Join(", ", entry.ResourceTypes), entry.Purpose, entry.LegalBasis, entry.Dpia, entry.Owner, entry.ReviewDate);
        }

        Entries = await register.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await CanEditAsync())
        {
            return Forbid();
        }

        var outcome = await register.SaveAsync(new SaveDataUseEntryCommand(
            Id, Version, DataSource, Description, ResourceTypes, Purpose, LegalBasis, Dpia, Owner, ReviewDate, UserId, User.Identity?.Name ?? ""), cancellationToken);
        return await AfterAsync(outcome.Problems, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!await CanEditAsync())
        {
            return Forbid();
        }

        if (Id is not { } id)
        {
            return NotFound();
        }

        var outcome = await register.DeleteAsync(id, Version, UserId, User.Identity?.Name ?? "", cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect("/learning-cycle/data-use/register");
        }

        return await AfterAsync(outcome.Problems, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count == 0)
        {
            return Redirect("/learning-cycle/data-use/register");
        }

        if (problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return NotFound();
        }

        Problems = problems;
        CanEdit = true;
        Entries = await register.ListAsync(cancellationToken);
        Response.StatusCode = problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private async Task<bool> CanEditAsync() => (await authorization.AuthorizeAsync(User, Policies.ManageDataUse)).Succeeded;
}
