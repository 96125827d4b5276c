using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>A notification as its recipient sees it.</summary>
public sealed record NotificationView(Guid Id, NotificationKind Kind, string Title, string Body, string Link, DateTime CreatedAt, DateTime? ReadAt)
{
    public bool Unread => ReadAt is null;
}

/// <summary>
/// One user's in-app notifications: list, count unread, mark read. Every query is filtered by the user's id, so
/// nobody can see or mark another person's.
/// </summary>
public sealed class Notifications(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 100;

    public async Task<IReadOnlyList<NotificationView>> ListAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.Notifications.AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(PageSize)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt))
            .ToListAsync(cancellationToken);

    public Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);

    /// <summary>
    /// The unread count for the header, or 0 when the database cannot answer: the layout also renders the "database
    /// unavailable" page, which must not fail for want of a count.
    /// </summary>
    public async Task<int> UnreadCountForHeaderAsync(string userId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await UnreadCountAsync(userId, cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return 0;
        }
    }

    /// <summary>Marks one of the user's notifications read; false when it is not theirs or does not exist.</summary>
    public async Task<bool> MarkReadAsync(string userId, Guid id, CancellationToken cancellationToken = default)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return false;
        }

        notification.ReadAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Marks all the user's unread notifications read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(string userId, CancellationToken cancellationToken = default)
    {
        var unread = await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var notification in unread)
        {
            notification.ReadAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return unread.Count;
    }
}
