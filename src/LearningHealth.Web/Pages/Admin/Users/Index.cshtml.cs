using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Admin.Users;

[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(ListUsers listUsers) : PageModel
{
    public IReadOnlyList<UserSummary> Users { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await listUsers.HandleAsync(cancellationToken);
}
