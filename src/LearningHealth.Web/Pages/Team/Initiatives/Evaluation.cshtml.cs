using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Initiatives;

/// <summary>
/// Research in the role: an initiative's learning question, design, indicator and change date (Leads set them), the
/// result computed from indicator results, and findings posted back to the team. Readable by the team's members,
/// and by Leads, Analysts and Admins; others get 403 even though the page's policy admits every role.
/// </summary>
[Authorize(Policy = Policies.ReadTeam)]
public sealed class EvaluationModel(
    EvaluateInitiative evaluate, SetEvaluation setEvaluation, PostResearchFinding postFinding, UserManager<AppUser> users, IAuthorizationService authorization, IndicatorCatalog catalog) : PageModel
{
    [FromRoute] public Guid Id { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string? LearningQuestion { get; set; }
    [BindProperty] public EvaluationDesign Design { get; set; }
    [BindProperty] public string? IndicatorId { get; set; }
    [BindProperty] public DateOnly? ChangeDate { get; set; }
    [BindProperty] public string? FindingTitle { get; set; }
    [BindProperty] public string? FindingSummary { get; set; }

    public InitiativeEvaluation Evaluation { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public string? Posted { get; private set; }
    public IReadOnlyList<IndicatorDefinition> Indicators { get; } =
        [.. catalog.All.Where(i => i.Attribution.Contains(AttributionLevel.Clinician)).OrderBy(i => i.Title, StringComparer.Ordinal)];

    public async Task<IActionResult> OnGetAsync(int? notified, CancellationToken cancellationToken)
    {
        var access = await LoadAsync(fillForm: true, cancellationToken);
        if (access is not null)
        {
            return access;
        }

        Posted = notified is { } n ? $"The finding was posted and {n} {(n == 1 ? "clinician was" : "clinicians were")} notified." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostSetAsync(CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var outcome = await setEvaluation.HandleAsync(new SetEvaluationCommand(Id, Version, LearningQuestion, Design, IndicatorId, ChangeDate), cancellationToken);
        return await AfterAsync(outcome.Problems, $"/team/initiatives/{Id}/evaluation", cancellationToken);
    }

    public async Task<IActionResult> OnPostFindingAsync(CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var user = await users.GetUserAsync(User);
        var outcome = await postFinding.HandleAsync(new PostResearchFindingCommand(Id, FindingTitle, FindingSummary, user?.DisplayName ?? User.Identity?.Name ?? ""), cancellationToken);
        return await AfterAsync(outcome.Problems, $"/team/initiatives/{Id}/evaluation?notified={outcome.Value?.NotifiedUserIds.Count ?? 0}#findings", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(IReadOnlyList<Problem> problems, string redirect, CancellationToken cancellationToken)
    {
        if (problems.Count == 0)
        {
            return Redirect(redirect);
        }

        if (problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return NotFound();
        }

        var access = await LoadAsync(fillForm: false, cancellationToken);
        if (access is not null)
        {
            return access;
        }

        Problems = problems;
        Response.StatusCode = problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(bool fillForm, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        var roles = User.FindAll(ClaimTypes.Role).Select(c => c.Value);
        var evaluation = await evaluate.HandleAsync(Id, cancellationToken);
        if (evaluation is null)
        {
            return NotFound();
        }

        if (!await evaluate.CanReadAsync(Id, user?.PersonId, roles, cancellationToken))
        {
            return Forbid();
        }

        Evaluation = evaluation;
        CanManage = await CanManageAsync();
        if (fillForm)
        {
            (Version, LearningQuestion, Design, IndicatorId, ChangeDate) =
                (evaluation.Version, evaluation.LearningQuestion, evaluation.Design, evaluation.Indicator?.Id, evaluation.ChangeDate);
            FindingTitle = evaluation.Sentence is null ? null : $"{evaluation.Indicator?.Title}: result of the evaluation";
            FindingSummary = evaluation.Sentence;
        }

        return null;
    }

    private async Task<bool> CanManageAsync() => (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;
}
