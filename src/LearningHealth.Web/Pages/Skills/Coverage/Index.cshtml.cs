using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Skills.Coverage;

/// <summary>Skills across the organisation, by discipline group and engagement type, and the overall gap count.</summary>
[Authorize(Policy = Policies.AssessSkills)]
public sealed class CoverageModel(GetSkillsCoverage coverage, AnalyseGaps gaps) : PageModel
{
    public SkillsCoverage Coverage { get; private set; } = null!;
    public int PeopleInInitiatives { get; private set; }
    public int PeopleWithGaps { get; private set; }
    public int TotalGaps { get; private set; }

    public async Task OnGetAsync(int? level, CancellationToken cancellationToken)
    {
        Coverage = await coverage.HandleAsync(Math.Clamp(level ?? 3, 1, 4), cancellationToken: cancellationToken);
        var all = await gaps.ForOrganisationAsync(cancellationToken);
        PeopleInInitiatives = all.Count;
        PeopleWithGaps = all.Count(p => p.Gaps.Count > 0);
        TotalGaps = all.Sum(p => p.Gaps.Count);
    }
}
