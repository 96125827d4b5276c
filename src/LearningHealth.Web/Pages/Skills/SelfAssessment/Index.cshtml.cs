using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.SelfAssessment;

/// <summary>The quick self-assessment of a whole framework: a native radio group per competency, one submit.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class SelfAssessmentModel(UserManager<AppUser> users, BrowseFrameworks frameworks, RateSkills rate, GetPersonSkills getSkills) : PageModel
{
    public FrameworkView Framework { get; private set; } = null!;
    public IReadOnlyDictionary<string, int> Prefill { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public string? Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, string? saved, CancellationToken cancellationToken)
    {
        Saved = saved switch
        {
            "draft" => "Your draft is saved. Only you can see it.",
            "submitted" => "Your ratings are submitted and wait for an assessor.",
            _ => null,
        };
        return await LoadAsync(key, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string key, bool submit, CancellationToken cancellationToken)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        var levels = Request.Form.Keys.Where(k => k.StartsWith("level:", StringComparison.Ordinal))
            .ToDictionary(k => k["level:".Length..], k => int.TryParse(Request.Form[k], out var level) ? level : -1, StringComparer.Ordinal);
        var outcome = await rate.SelfAssessAsync(new SelfAssessmentCommand(key, levels, submit), actor, cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/skills/self-assessment/{key}?saved={(submit ? "submitted" : "draft")}");
        }

        Problems = outcome.Problems;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound) ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(key, cancellationToken);
        Prefill = levels;
        return Page();
    }

    private async Task<IActionResult> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var framework = await frameworks.GetAsync(key, cancellationToken: cancellationToken);
        if (framework is null || framework.Levels.Count == 0)
        {
            return NotFound();
        }

        Framework = framework;
        var actor = await SkillsPages.ActorAsync(users, User);
        if (actor.PersonId is { } personId && await getSkills.HandleAsync(personId, actor, cancellationToken) is { } skills)
        {
            // Start from the person's latest self-rating of each competency, whatever its status.
            Prefill = skills.Ratings.Where(r => r.FrameworkKey == key && r.Kind == AssessmentKind.Self && !r.Expired)
                .GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.First().Level, StringComparer.Ordinal);
        }

        return Page();
    }
}
