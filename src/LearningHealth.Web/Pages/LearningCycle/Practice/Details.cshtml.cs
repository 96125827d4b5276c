using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using LearningHealth.Indicators;

namespace LearningHealth.Web.Pages.LearningCycle.Practice;

/// <summary>
/// One indicator of My practice: the interpretation, the SPC chart with the person's actions and re-bases, the
/// funnel, the data table with links to the patients behind each month, and the person's questions and actions.
/// </summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class DetailsModel(GetMyPractice handler, UserManager<AppUser> users, IndicatorCatalog catalog) : PageModel
{
    public MyPractice Practice { get; private set; } = null!;
    public PracticeIndicator? Item { get; private set; }
    public ChartOutput? Spc { get; private set; }
    public ChartOutput? Funnel { get; private set; }
    public bool CanSeePatients { get; private set; }

    public async Task<IActionResult> OnGetAsync(string indicatorId, CancellationToken cancellationToken)
    {
        if (catalog.All.All(i => i.Id != indicatorId))
        {
            return NotFound();
        }

        var viewer = await FeedbackPages.ViewerAsync(users, User);
        Practice = await handler.HandleAsync(new GetMyPracticeQuery(viewer, indicatorId), cancellationToken);
        Item = Practice.Indicators.FirstOrDefault();
        CanSeePatients = viewer.IsIn(Roles.Clinician) || viewer.IsAnalyst;
        if (Item is not null)
        {
            Spc = PracticeCharts.Spc(Item, Item.Actions);
            Funnel = PracticeCharts.Funnel(Item);
        }

        return Page();
    }
}
