using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Results;

/// <summary>Organisation and site results on every indicator for every role, with small counts suppressed.</summary>
[Authorize(Policy = Policies.AggregateResults)]
public sealed class IndexModel(GetAggregateResults handler) : PageModel
{
    public AggregateResults Results { get; private set; } = null!;

    public void OnGet() => Results = handler.Handle(new GetAggregateResultsQuery()).Value!;
}
