using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Results;

/// <summary>One indicator for the organisation and its sites: latest values, the organisation's SPC chart and the months behind it, suppressed where flagged.</summary>
[Authorize(Policy = Policies.AggregateResults)]
public sealed class DetailsModel(GetAggregateResults handler) : PageModel
{
    public AggregateResults Results { get; private set; } = null!;
    public AggregateIndicator Item { get; private set; } = null!;
    /// <summary>An SPC chart per organisation in the data (usually one).</summary>
    public IReadOnlyList<(string Unit, ChartOutput Chart)> Charts { get; private set; } = [];

    public IActionResult OnGet(string indicatorId)
    {
        var result = handler.Handle(new GetAggregateResultsQuery(indicatorId));
        if (!result.Allowed)
        {
            return NotFound();
        }

        Results = result.Value!;
        Item = Results.Indicators[0];
        Charts = [.. Item.Organisation.GroupBy(r => r.Unit)
            .Select(g => (g.Key, PracticeCharts.Aggregate(Item, [.. g], $"organisation {g.Key}")))
            .Where(c => c.Item2 is not null).Select(c => (c.Key, c.Item2!))];
        return Page();
    }
}
