using System.Security.Claims;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Admin.Users;

[Authorize(Policy = Policies.Admin)]
public sealed class EditUserModel(ListUsers listUsers, UpdateUserAccess updateUserAccess) : PageModel
{
    public UserSummary Account { get; private set; } = new("", "", "", [], false, "");

    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [];

    [BindProperty]
    public bool Unlock { get; set; }

    [BindProperty]
    public string ConcurrencyStamp { get; set; } = "";

    public bool Saved { get; private set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var outcome = await updateUserAccess.HandleAsync(
            new UpdateUserAccessCommand(id, SelectedRoles, Unlock, ConcurrencyStamp),
            User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        if (!outcome.Succeeded)
        {
            if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
            {
                return NotFound();
            }

            Problems = outcome.Problems;
            Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            Saved = true;
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var found = (await listUsers.HandleAsync(cancellationToken)).FirstOrDefault(u => u.Id == id);
        if (found is null)
        {
            return false;
        }

        Account = found;
        return true;
    }
}
