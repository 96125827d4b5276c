using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Audit;

/// <summary>A search of the audit log. Every filter is optional; <see cref="To"/> includes the whole of its day.</summary>
public sealed record AuditLogQuery(string? Action = null, string? Actor = null, string? Subject = null, DateOnly? From = null, DateOnly? To = null,
    int Page = 1, int PageSize = SearchAuditLog.DefaultPageSize);

/// <summary>One page of matching entries, newest first, and how many match in all.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditEntry> Entries, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Searches the audit log by action, actor (name or account id), subject text and date range.</summary>
public sealed class SearchAuditLog(AppDbContext db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public async Task<AuditLogPage> HandleAsync(AuditLogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            entries = entries.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            // Lower-casing both sides keeps the match case-insensitive on SQLite and PostgreSQL alike.
            var actor = query.Actor.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.ActorName.ToLower().Contains(actor) || e.ActorUserId == query.Actor.Trim());
        }

        if (!string.IsNullOrWhiteSpace(query.Subject))
        {
            var subject = query.Subject.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Subject.ToLower().Contains(subject) || e.Details.ToLower().Contains(subject));
        }

        if (query.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.At >= start);
        }

        if (query.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(e => e.At < end);
        }

        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, query.Page);
        var total = await entries.CountAsync(cancellationToken);
        var list = await entries.OrderByDescending(e => e.Sequence).Skip((page - 1) * size).Take(size).ToListAsync(cancellationToken);
        return new AuditLogPage(list, total, page, size);
    }

    /// <summary>The actions that occur in the log, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default) =>
        await db.AuditLog.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
}
