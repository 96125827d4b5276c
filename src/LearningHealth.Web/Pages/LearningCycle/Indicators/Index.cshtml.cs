using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Indicators;

/// <summary>
/// The indicator library: what each indicator measures and why, and when it was last computed; for analysts, also
/// where their own indicator files go and which of them were left out and why.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndicatorsModel(DatabaseOptions database, IAuthorizationService authorization, IndicatorCatalog catalog) : PageModel
{
    public IReadOnlyList<IndicatorDefinition> Indicators { get; private set; } = [];
    public IReadOnlyDictionary<string, StoredRun> Runs { get; private set; } = new Dictionary<string, StoredRun>();
    public bool CanAnalyse { get; private set; }
    public string LibraryFolder => catalog.Folder;
    public IReadOnlyList<string> LibraryProblems { get; private set; } = [];

    public async Task OnGetAsync()
    {
        CanAnalyse = (await authorization.AuthorizeAsync(User, Policies.Analyst)).Succeeded;
        Indicators = catalog.All;
        LibraryProblems = CanAnalyse ? catalog.Problems : [];
        Runs = ReadIndicatorResults.LatestRuns(AnalyticsDatabase.PathIn(database.DataDirectory));
    }
}
