using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle;

/// <summary>What changed in the indicators, thresholds, views and templates feedback depends on, newest first.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class WhatChangedModel(DefinitionChangeFeed feed) : PageModel
{
    public DefinitionChangeFeedPage Feed { get; private set; } = new([], 0, null);
    public bool Baselines { get; private set; }

    public async Task OnGetAsync(bool baselines, CancellationToken cancellationToken)
    {
        Baselines = baselines;
        Feed = await feed.HandleAsync(baselines, cancellationToken);
    }
}
