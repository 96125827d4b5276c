using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.DataUse;

/// <summary>How data are used: every data element with its views, indicators and uses, its purpose, legal basis and DPIA.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DataUseModel(GetDataUseMap getMap, UserManager<AppUser> users) : PageModel
{
    public DataUseMap Map { get; private set; } = null!;
    public bool IsClinician { get; private set; }
    public string Svg { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsClinician = User.IsInRole(Roles.Clinician);
        var user = IsClinician ? await users.GetUserAsync(User) : null;
        Map = await getMap.HandleAsync(user?.PersonId, cancellationToken);
        Svg = LineageSvg.Render(Map.Graph, "Lineage: data elements, the views that read them, the indicators built on the views, and where each indicator is used",
            IsClinician ? e => e.RecordedByClinicians : null);
    }
}
