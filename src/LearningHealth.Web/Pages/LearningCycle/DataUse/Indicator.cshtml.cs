using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.DataUse;

/// <summary>The data behind one indicator: elements, view columns its SQL names, uses and the register cover.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DataUseIndicatorModel(GetDataUseMap getMap, IndicatorCatalog catalog) : PageModel
{
    public DataUseMap Map { get; private set; } = null!;
    public LineageIndicator Indicator { get; private set; } = null!;
    public IndicatorDefinition? Definition { get; private set; }
    public IReadOnlyList<ElementUse> Elements { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        Map = await getMap.HandleAsync(cancellationToken: cancellationToken);
        var indicator = Map.Graph.Indicators.FirstOrDefault(i => i.Id == id);
        if (indicator is null)
        {
            return NotFound();
        }

        Indicator = indicator;
        Definition = catalog.Find(id);
        Elements = [.. indicator.Elements.Select(Map.Element).OfType<ElementUse>()];
        return Page();
    }
}
