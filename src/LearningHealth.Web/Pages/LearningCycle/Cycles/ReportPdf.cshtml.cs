using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.Cycles;

/// <summary>The same report as a PDF file; the same rule: only one's own.</summary>
[Authorize(Policy = Policies.OwnPractice)]
public sealed class ReportPdfModel(FeedbackCycles cycles) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid cycleId, Guid? personId, CancellationToken cancellationToken)
    {
        var outcome = await cycles.ReportAsync(cycleId, User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (!outcome.Succeeded || (personId is { } asked && asked != outcome.Value!.PersonId))
        {
            return NotFound();
        }

        var report = outcome.Value!;
        return File(CycleReportPdf.Render(report), "application/pdf", $"feedback-{report.Cycle.PeriodStart:yyyy-MM}.pdf");
    }
}
