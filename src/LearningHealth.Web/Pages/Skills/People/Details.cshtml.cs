using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.People;

/// <summary>A person's skills page: current levels, all ratings (drafts only to their author) and gaps.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class PersonSkillsModel(UserManager<AppUser> users, GetPersonSkills getSkills, AnalyseGaps analyseGaps, IAuthorizationService authorization) : PageModel
{
    public PersonSkills Skills { get; private set; } = null!;
    public IReadOnlyList<SkillGap> Gaps { get; private set; } = [];
    public bool CanSeePlan { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        var skills = await getSkills.HandleAsync(id, actor, cancellationToken);
        if (skills is null)
        {
            return NotFound();
        }

        Skills = skills;
        Gaps = (await analyseGaps.ForPersonAsync(id, cancellationToken))?.Gaps ?? [];
        CanSeePlan = actor.PersonId == id || await SkillsPages.IsAssessorAsync(authorization, User);
        return Page();
    }
}
