using LearningHealth.Charts;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Practice;

/// <summary>My practice: a card per indicator with the latest value, interval, target, icons, interpretation and two small charts.</summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class IndexModel(GetMyPractice handler, UserManager<AppUser> users) : PageModel
{
    public MyPractice Practice { get; private set; } = null!;
    public IReadOnlyDictionary<string, (ChartOutput? Funnel, ChartOutput? Spc)> Charts { get; private set; } = new Dictionary<string, (ChartOutput?, ChartOutput?)>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var viewer = await FeedbackPages.ViewerAsync(users, User);
        Practice = await handler.HandleAsync(new GetMyPracticeQuery(viewer), cancellationToken);
        Charts = Practice.Indicators.ToDictionary(i => i.Indicator.Id, i => (PracticeCharts.Funnel(i), PracticeCharts.Spc(i, i.Actions)));
    }
}
