using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Plan;

/// <summary>The signed-in person's own plan lives at their person address; this sends them there.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class MyPlanModel(UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        return actor.PersonId is { } id ? Redirect($"/skills/people/{id}/plan") : Page();
    }
}
