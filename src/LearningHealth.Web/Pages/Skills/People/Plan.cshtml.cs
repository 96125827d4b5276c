using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.People;

/// <summary>A learning plan: the person edits their own; assessors (Leads, Admins) see and review anyone's but their own.</summary>
[Authorize(Policy = Policies.ReadSkills)]
public sealed class LearningPlanModel(UserManager<AppUser> users, ManageLearningPlan plans, IAuthorizationService authorization, ActionsForGoals feedbackSources) : PageModel
{
    /// <summary>For goals made from feedback on practice: the action's indicator, by action id.</summary>
    public IReadOnlyDictionary<Guid, GoalSource> FromFeedback { get; private set; } = new Dictionary<Guid, GoalSource>();

    public LearningPlanView Plan { get; private set; } = null!;
    public bool IsSelf { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanReview { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostAddGoalAsync(Guid id, Guid competencyId, int targetLevel, DateOnly? targetDate, CancellationToken cancellationToken) =>
        await ChangeAsync(id, edit: true, () => plans.AddGoalAsync(new GoalCommand(id, competencyId, targetLevel, targetDate, null, []), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostStatusAsync(Guid id, Guid goalId, long version, GoalStatus status, CancellationToken cancellationToken) =>
        await ChangeAsync(id, edit: true, () => plans.SetGoalStatusAsync(id, goalId, version, status, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostActivityAsync(Guid id, Guid goalId, long version, ActivityKind kind, string? description, DateOnly? targetDate, CancellationToken cancellationToken) =>
        await ChangeAsync(id, edit: true, () => plans.AddActivityAsync(id, goalId, version, new LearningActivity { Kind = kind, Description = description ?? "", TargetDate = targetDate }, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostReviewAsync(Guid id, long version, string? note, CancellationToken cancellationToken)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        return await ChangeAsync(id, edit: false, () => plans.ReviewAsync(id, version, note, actor, cancellationToken), cancellationToken);
    }

    private async Task<IActionResult> ChangeAsync<T>(Guid id, bool edit, Func<Task<Outcome<T>>> change, CancellationToken cancellationToken)
    {
        await AccessAsync(id);
        if (edit ? !CanEdit : !CanReview)
        {
            return Forbid();
        }

        var outcome = await change();
        if (outcome.Succeeded)
        {
            return Redirect($"/skills/people/{id}/plan");
        }

        Problems = outcome.Problems;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task AccessAsync(Guid id)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        IsSelf = actor.PersonId == id;
        CanEdit = IsSelf;
        CanReview = !IsSelf && await SkillsPages.IsAssessorAsync(authorization, User);
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await AccessAsync(id);
        if (!IsSelf && !CanReview)
        {
            return Forbid();
        }

        var plan = await plans.GetAsync(id, cancellationToken);
        if (plan is null)
        {
            return NotFound();
        }

        Plan = plan;
        FromFeedback = await feedbackSources.HandleAsync(plan.Goals.Where(g => g.FeedbackActionId is not null).Select(g => g.FeedbackActionId!.Value), cancellationToken);
        return Page();
    }
}
