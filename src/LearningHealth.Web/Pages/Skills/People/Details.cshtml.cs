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
public sealed class PersonSkillsModel(
    UserManager<AppUser> users, GetPersonSkills getSkills, AnalyseGaps analyseGaps, BrowseFrameworks frameworks, RateSkills rate, IAuthorizationService authorization) : PageModel
{
    public PersonSkills Skills { get; private set; } = null!;
    public IReadOnlyList<SkillGap> Gaps { get; private set; } = [];
    public bool CanSeePlan { get; private set; }
    public AssessmentKind Kind { get; private set; }
    public IReadOnlyList<(Guid Id, string FrameworkName, string Code, string Name)> Competencies { get; private set; } = [];
    public IReadOnlyList<LearningHealth.Hosting.Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    /// <summary>A single rating with evidence: a self-rating on one's own page, a peer (or, for assessors, assessor) rating on someone else's.</summary>
    public async Task<IActionResult> OnPostAsync(
        Guid id, Guid competencyId, int level, string? evidenceNote, string? evidenceLinks, DateOnly? assessedOn, DateOnly? validUntil, bool submit, CancellationToken cancellationToken)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        var kind = await KindAsync(actor, id);
        var links = (evidenceLinks ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var outcome = await rate.SaveAsync(new RatingCommand(null, 0, id, competencyId, kind, level, evidenceNote, links, assessedOn, validUntil, submit), actor, cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/skills/people/{id}#ratings");
        }

        Problems = outcome.Problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(id, cancellationToken);
    }

    private async Task<AssessmentKind> KindAsync(Actor actor, Guid id) =>
        actor.PersonId == id ? AssessmentKind.Self : await SkillsPages.IsAssessorAsync(authorization, User) ? AssessmentKind.Assessor : AssessmentKind.Peer;

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken cancellationToken)
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
        Kind = await KindAsync(actor, id);
        var list = new List<(Guid, string, string, string)>();
        foreach (var f in (await frameworks.ListAsync(cancellationToken)).Where(f => f.Levels > 0))
        {
            var view = (await frameworks.GetAsync(f.Key, cancellationToken: cancellationToken))!;
            list.AddRange(view.Competencies.Select(c => (c.Id, view.Name, c.Code, c.Name)));
        }

        Competencies = list;
        return Page();
    }
}
