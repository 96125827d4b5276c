using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills;

/// <summary>The skills home: the signed-in person's levels, ratings, gaps and a way into self-assessment.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class SkillsModel(UserManager<AppUser> users, GetPersonSkills getSkills, AnalyseGaps analyseGaps, ManageLearningPlan plans, BrowseFrameworks frameworks) : PageModel
{
    public PersonSkills? Skills { get; private set; }
    public IReadOnlyList<SkillGap> Gaps { get; private set; } = [];
    public int SuggestionCount { get; private set; }
    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        Frameworks = await frameworks.ListAsync(cancellationToken);
        if (actor.PersonId is { } personId)
        {
            Skills = await getSkills.HandleAsync(personId, actor, cancellationToken);
            Gaps = (await analyseGaps.ForPersonAsync(personId, cancellationToken))?.Gaps ?? [];
            SuggestionCount = (await plans.GetAsync(personId, cancellationToken))?.Suggestions.Count ?? 0;
        }
    }
}
