using LearningHealth.Security;
using LearningHealth.Teams;
using LearningHealth.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.People;

[Authorize(Policy = Policies.ReadTeam)]
public sealed class PersonModel(GetPerson getPerson, IAuthorizationService authorization) : PageModel
{
    public PersonDetails Person { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var person = await getPerson.HandleAsync(id, await TeamApi.CanSeeContactDetailsAsync(authorization, HttpContext), cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        Person = person;
        return Page();
    }
}
