using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using LearningHealth.Web.Pages.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LearningHealth.Indicators;

namespace LearningHealth.Web.Pages.LearningCycle.Acting;

/// <summary>
/// Acting on one's own feedback on one indicator: acknowledge, comment, question the data, plan an action (optionally
/// a learning goal), and see what has been done so far. Always the signed-in person's own feedback: there is no
/// person in the address, and the handlers refuse anyone else's.
/// </summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class RespondModel(
    UserManager<AppUser> users, GetFeedbackHistory history, SuggestActions suggest, RespondToFeedback respond, QuestionTheData question,
    PlanAction plan, UpdateActionStatus updateStatus, TimeProvider clock, IndicatorCatalog catalog) : PageModel
{
    public const string Acknowledge = "ack";
    public const string Comment = "comment";
    public const string Question = "question";
    public const string ActionForm = "action";
    public const string StatusForm = "status";

    [FromRoute]
    public string IndicatorId { get; set; } = "";

    [BindProperty] public string? AckNote { get; set; }
    [BindProperty] public DateOnly? AckPeriod { get; set; }
    [BindProperty] public string? CommentText { get; set; }
    [BindProperty] public DateOnly? CommentPeriod { get; set; }
    [BindProperty] public DateOnly? QuestionPeriod { get; set; }
    [BindProperty] public string? QuestionText { get; set; }
    [BindProperty] public string? ActionText { get; set; }
    [BindProperty] public string? ActionOwner { get; set; }
    [BindProperty] public DateOnly? ActionDue { get; set; }
    [BindProperty] public DateOnly? ActionStart { get; set; }
    [BindProperty] public bool MakeGoal { get; set; }
    [BindProperty] public Guid? GoalCompetencyId { get; set; }
    [BindProperty] public int? GoalTargetLevel { get; set; }

    public Actor Actor { get; private set; } = null!;
    public FeedbackHistory? History { get; private set; }
    public ActionSuggestions? Suggestions { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    /// <summary>The form whose submission failed, so its errors show beside its fields.</summary>
    public string? FailedForm { get; private set; }
    public string? Saved { get; private set; }

    public string? ErrorFor(string form, string field) =>
        FailedForm == form ? Problems.FirstOrDefault(p => p.Field == field)?.Message : null;

    public async Task<IActionResult> OnGetAsync(int? prefill, Guid? competency, int? level, string? saved, CancellationToken cancellationToken)
    {
        var page = await LoadAsync(cancellationToken);
        if (page is not null)
        {
            return page;
        }

        Saved = saved;
        ActionStart = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        ActionOwner = Actor.Name;
        // Suggestions are links back to this page that fill the form, so they work without scripts.
        if (prefill is { } index && Suggestions is { } s && index >= 0 && index < s.Actions.Count)
        {
            ActionText = s.Actions[index];
        }

        if (competency is { } id && Suggestions?.GoalChoices.Any(c => c.CompetencyId == id) == true)
        {
            MakeGoal = true;
            GoalCompetencyId = id;
            GoalTargetLevel = level;
        }

        return Page();
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(CancellationToken cancellationToken) =>
        ChangeAsync(Acknowledge, "acknowledged", actor => respond.HandleAsync(
            new RespondCommand(actor.PersonId!.Value, IndicatorId, AckPeriod, FeedbackResponseKind.Acknowledged, AckNote), actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCommentAsync(CancellationToken cancellationToken) =>
        ChangeAsync(Comment, "comment", actor => respond.HandleAsync(
            new RespondCommand(actor.PersonId!.Value, IndicatorId, CommentPeriod, FeedbackResponseKind.Comment, CommentText), actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostQuestionAsync(CancellationToken cancellationToken) =>
        ChangeAsync(Question, "question", actor => question.HandleAsync(
            new QuestionCommand(actor.PersonId!.Value, IndicatorId, QuestionPeriod, QuestionText), actor, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostActionAsync(CancellationToken cancellationToken) =>
        ChangeAsync(ActionForm, "action", actor =>
        {
            if (MakeGoal && GoalCompetencyId is null)
            {
                return Task.FromResult(Outcome<Guid>.Fail(new Problem("Choose the competency for the learning goal.", "GoalCompetencyId")));
            }

            return plan.HandleAsync(new PlanActionCommand(actor.PersonId!.Value, IndicatorId, ActionText, ActionOwner, ActionDue, ActionStart,
                MakeGoal ? GoalCompetencyId : null, MakeGoal ? GoalTargetLevel : null), actor, cancellationToken);
        }, cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(Guid actionId, long version, FeedbackActionStatus status, CancellationToken cancellationToken) =>
        ChangeAsync(StatusForm, "status", actor => updateStatus.HandleAsync(new ActionStatusCommand(actionId, version, status), actor, cancellationToken), cancellationToken);

    private async Task<IActionResult> ChangeAsync<T>(string form, string saved, Func<Actor, Task<Outcome<T>>> change, CancellationToken cancellationToken)
    {
        var page = await LoadAsync(cancellationToken);
        if (page is not null)
        {
            return page;
        }

        if (History is null)
        {
            return Page(); // Not linked to a person: the page says so; nothing to save against.
        }

        var outcome = await change(Actor);
        if (outcome.Succeeded)
        {
            var anchor = form == StatusForm ? "actions" : $"{form}-form";
            return Redirect($"/learning-cycle/practice/{Uri.EscapeDataString(IndicatorId)}/respond?saved={saved}#{anchor}");
        }

        Problems = outcome.Problems;
        FailedForm = form;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>Loads the page's data; returns a result only when the page cannot be shown (unknown indicator).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        Actor = await SkillsPages.ActorAsync(users, User);
        if (catalog.All.All(i => i.Id != IndicatorId))
        {
            return NotFound();
        }

        if (Actor.PersonId is not { } personId)
        {
            return null;
        }

        History = await history.HandleAsync(personId, IndicatorId, cancellationToken);
        Suggestions = await suggest.HandleAsync(personId, IndicatorId, cancellationToken);
        return null;
    }
}
