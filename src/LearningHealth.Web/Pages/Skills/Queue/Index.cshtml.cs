using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Queue;

/// <summary>Submitted ratings for an assessor to confirm or return, and confirmed ratings about to expire.</summary>
[Authorize(Policy = Policies.AssessSkills)]
public sealed class AssessorQueueModel(UserManager<AppUser> users, ReviewAssessments review, GetSkillsCoverage coverage) : PageModel
{
    public IReadOnlyList<QueuedRating> Queue { get; private set; } = [];
    public IReadOnlyList<ExpiringRating> Expiring { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public int Days { get; private set; } = 60;

    public async Task OnGetAsync(int? days, CancellationToken cancellationToken) => await LoadAsync(days, cancellationToken);

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, long version, DateOnly? validUntil, CancellationToken cancellationToken)
    {
        var outcome = await review.ConfirmAsync(id, version, validUntil, await SkillsPages.ActorAsync(users, User), cancellationToken);
        return await AfterAsync(outcome.Problems, cancellationToken);
    }

    public async Task<IActionResult> OnPostReturnAsync(Guid id, long version, string? reason, CancellationToken cancellationToken)
    {
        var outcome = await review.ReturnAsync(id, version, reason, await SkillsPages.ActorAsync(users, User), cancellationToken);
        return await AfterAsync(outcome.Problems, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count == 0)
        {
            return Redirect("/skills/queue");
        }

        Problems = problems;
        Response.StatusCode = problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(int? days, CancellationToken cancellationToken)
    {
        Days = Math.Clamp(days ?? 60, 1, 730);
        Queue = await review.QueueAsync(await SkillsPages.ActorAsync(users, User), cancellationToken);
        Expiring = await coverage.ExpiringAsync(Days, cancellationToken: cancellationToken);
    }
}
