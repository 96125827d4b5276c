using System.Globalization;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Admin.AuditLogPages;

/// <summary>The audit log for Admins: search by action, actor, subject text and dates, newest first; verify the chain.</summary>
[Authorize(Policy = Policies.ReadAuditLog)]
public sealed class AuditLogModel(SearchAuditLog search, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public AuditLogPage Results { get; private set; } = new([], 0, 1, SearchAuditLog.DefaultPageSize);
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public AuditVerification? Verification { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await audit.VerifyAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The address of another page of the same search.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["action"] = Action, ["actor"] = Actor, ["subject"] = Subject, ["from"] = From, ["to"] = To, ["page"] = page.ToString(CultureInfo.InvariantCulture) };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/audit", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        var from = ParseDate(From, nameof(From), problems);
        var to = ParseDate(To, nameof(To), problems);
        if (from is { } f && to is { } t && t < f)
        {
            problems.Add(new Problem("The 'to' date is before the 'from' date.", nameof(To)));
        }

        Problems = problems;
        Actions = await search.ActionsAsync(cancellationToken);
        if (problems.Count == 0)
        {
            Results = await search.HandleAsync(new AuditLogQuery(Action, Actor, Subject, from, to, PageNumber), cancellationToken);
        }
    }

    private static DateOnly? ParseDate(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add(new Problem($"'{text}' is not a date (write it as yyyy-MM-dd).", field));
        return null;
    }
}
