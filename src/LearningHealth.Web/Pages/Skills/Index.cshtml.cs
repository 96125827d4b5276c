using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills;

/// <summary>
/// The skills home: the signed-in person's levels, ratings, gaps and a way into self-assessment; and withdrawing a
/// rating one made that still waits for an assessor (from here or from a colleague's skills page).
/// </summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class SkillsModel(
    UserManager<AppUser> users, GetPersonSkills getSkills, AnalyseGaps analyseGaps, ManageLearningPlan plans, BrowseFrameworks frameworks, RateSkills rate) : PageModel
{
    public PersonSkills? Skills { get; private set; }
    public IReadOnlyList<SkillGap> Gaps { get; private set; } = [];
    public int SuggestionCount { get; private set; }
    public IReadOnlyList<FrameworkSummary> Frameworks { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Withdraws the rating, then returns to the page the form was on (this one unless a local page is named).</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, long version, string? returnTo, CancellationToken cancellationToken)
    {
        var outcome = await rate.WithdrawAsync(id, version, await SkillsPages.ActorAsync(users, User), cancellationToken);
        if (outcome.Succeeded)
        {
            return LocalRedirect(returnTo is not null && Url.IsLocalUrl(returnTo) ? returnTo : "/skills#ratings");
        }

        Problems = outcome.Problems;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound) ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
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
