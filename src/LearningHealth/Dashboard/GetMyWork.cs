using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Dashboard;

public enum WorkUrgency
{
    Info,
    Soon,
    Now,
}

/// <summary>One thing on a person's dashboard: what needs doing, why, and where to do it.</summary>
public sealed record WorkItem(string Title, string Detail, string Link, WorkUrgency Urgency);

public sealed record MyWork(string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<WorkItem> Items);

/// <summary>
/// What is the signed-in person's to do: each role contributes the items that are its responsibility.
/// Later features (skills, feedback, workforce) add their own items here.
/// </summary>
public sealed class GetMyWork(AppDbContext db, TimeProvider clock)
{
    public async Task<MyWork> HandleAsync(string userId, IReadOnlyList<string> roles, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var soon = today.AddDays(ListPeople.EndingSoonDays);
        var items = new List<WorkItem>();

        if (user?.PersonId is { } personId)
        {
            var own = await db.Engagements.AsNoTracking()
                .Where(e => e.PersonId == personId && e.EndDate != null && e.EndDate >= today && e.EndDate <= soon)
                .ToListAsync(cancellationToken);
            items.AddRange(own.Select(e => new WorkItem(
                "Your engagement is ending",
                $"Your {Describe(e.Type)} engagement ends on {e.EndDate:d MMMM yyyy}. Talk to your lead about what happens next.",
                $"/team/people/{personId}",
                WorkUrgency.Soon)));
        }

        if (roles.Contains(Roles.Lead) || roles.Contains(Roles.Admin))
        {
            var ending = await db.Engagements.AsNoTracking()
                .Where(e => e.EndDate != null && e.EndDate >= today && e.EndDate <= soon)
                .Select(e => e.PersonId).Distinct().CountAsync(cancellationToken);
            if (ending > 0)
            {
                items.Add(new WorkItem(
                    $"{ending} {(ending == 1 ? "person's engagement ends" : "people's engagements end")} within {ListPeople.EndingSoonDays} days",
                    "Contractors and secondees who leave take their skills with them. Plan successors or extensions.",
                    "/team/people?endingSoon=true",
                    WorkUrgency.Soon));
            }
        }

        if (roles.Contains(Roles.Admin))
        {
            var lockedOut = await db.Users.AsNoTracking().Where(u => u.LockoutEnd != null).ToListAsync(cancellationToken);
            var locked = lockedOut.Count(u => u.LockoutEnd > now);
            if (locked > 0)
            {
                items.Add(new WorkItem(
                    $"{locked} {(locked == 1 ? "account is" : "accounts are")} locked out",
                    "Repeated failed sign-ins locked these accounts. Check with the person, then unlock.",
                    "/admin/users",
                    WorkUrgency.Now));
            }

            var withRole = db.UserRoles.Select(r => r.UserId);
            var noRole = await db.Users.AsNoTracking().CountAsync(u => !withRole.Contains(u.Id), cancellationToken);
            if (noRole > 0)
            {
                items.Add(new WorkItem(
                    $"{noRole} {(noRole == 1 ? "account has" : "accounts have")} no role",
                    "People without a role can sign in but see nothing. Give each a role.",
                    "/admin/users",
                    WorkUrgency.Soon));
            }
        }

        return new MyWork(user?.DisplayName ?? "", roles, items.OrderByDescending(i => i.Urgency).ToList());
    }

    private static string Describe(EngagementType type) => type switch
    {
        EngagementType.PlatformProviderStaff => "platform provider",
        _ => type.ToString().ToLowerInvariant(),
    };
}
