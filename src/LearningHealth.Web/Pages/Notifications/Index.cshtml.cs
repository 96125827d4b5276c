using System.Security.Claims;
using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Notifications;

/// <summary>The signed-in user's notifications, newest first; only ever their own.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class NotificationsModel(LearningHealth.Feedback.Notifications notifications) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];
    public int Unread { get; private set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Items = await notifications.ListAsync(UserId, cancellationToken);
        Unread = Items.Count(n => n.Unread);
    }

    /// <summary>Marks one read, then follows its link when asked to (opening a notification reads it).</summary>
    public async Task<IActionResult> OnPostReadAsync(Guid id, bool open, CancellationToken cancellationToken)
    {
        if (!await notifications.MarkReadAsync(UserId, id, cancellationToken))
        {
            return NotFound();
        }

        var link = (await notifications.ListAsync(UserId, cancellationToken)).FirstOrDefault(n => n.Id == id)?.Link;
        return open && link is not null && Url.IsLocalUrl(link) ? LocalRedirect(link) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        await notifications.MarkAllReadAsync(UserId, cancellationToken);
        return RedirectToPage();
    }
}
