using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Admin.Users;

[Authorize(Policy = Policies.Admin)]
public sealed class NewUserModel(CreateUser createUser) : PageModel
{
    [BindProperty]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [Roles.Member];

    public CreatedUser? Created { get; private set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await createUser.HandleAsync(new CreateUserCommand(Email, DisplayName, SelectedRoles), AuditActor.From(User));
        if (!outcome.Succeeded)
        {
            Problems = outcome.Problems;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        Created = outcome.Value;
        DisplayName = "";
        Email = "";
        SelectedRoles = [Roles.Member];
        return Page();
    }
}
