using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Web.Pages.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Acting;

/// <summary>The Analysts' queue of questions about the data: open ones first, oldest first, each with an answer form; answered ones below.</summary>
[Authorize(Policy = Policies.AnswerDataQuestions)]
public sealed class DataQuestionsModel(UserManager<AppUser> users, ListDataQuestions list, AnswerDataQuestion answer) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Indicator { get; set; }
    [BindProperty(SupportsGet = true)] public DataQuestionStatus? Status { get; set; }

    public IReadOnlyList<DataQuestionView> Questions { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    /// <summary>The question whose answer failed, with what was typed, so nothing is lost.</summary>
    public Guid? FailedQuestion { get; private set; }
    public string? TypedAnswer { get; private set; }
    public DataQuestionStatus? TypedStatus { get; private set; }
    public bool Answered { get; private set; }

    public string? ErrorFor(Guid question, string field) => FailedQuestion == question ? Problems.FirstOrDefault(p => p.Field == field)?.Message : null;

    public async Task OnGetAsync(bool answered, CancellationToken cancellationToken)
    {
        Answered = answered;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid questionId, long version, DataQuestionStatus? answerStatus, string? answerText, CancellationToken cancellationToken)
    {
        var actor = await SkillsPages.ActorAsync(users, User);
        // A missing choice is sent as Open, which the handler refuses with a message naming the field.
        var outcome = await answer.HandleAsync(new AnswerCommand(questionId, version, answerStatus ?? DataQuestionStatus.Open, answerText), actor, cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect("/learning-cycle/data-questions?answered=true");
        }

        Problems = outcome.Problems;
        FailedQuestion = questionId;
        TypedAnswer = answerText;
        TypedStatus = answerStatus;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Questions = await list.HandleAsync(new DataQuestionFilter(Status, string.IsNullOrWhiteSpace(Indicator) ? null : Indicator), cancellationToken);
}
