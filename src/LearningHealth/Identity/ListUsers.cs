using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Identity;

public sealed record UserSummary(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool LockedOut, string ConcurrencyStamp);

/// <summary>Lists sign-in accounts with their roles, for the Admin pages.</summary>
public sealed class ListUsers(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> HandleAsync(CancellationToken cancellationToken = default)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, cancellationToken);
        var userRoles = await db.UserRoles.AsNoTracking().ToListAsync(cancellationToken);
        var rolesByUser = userRoles.ToLookup(ur => ur.UserId, ur => roleNames[ur.RoleId]);
        var now = clock.GetUtcNow();
        return users.Select(u => new UserSummary(
            u.Id,
            u.Email ?? "",
            u.DisplayName,
            rolesByUser[u.Id].Order(StringComparer.Ordinal).ToList(),
            u.LockoutEnd is { } end && end > now,
            u.ConcurrencyStamp ?? "")).ToList();
    }
}
