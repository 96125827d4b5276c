using LearningHealth.Audit;
using LearningHealth.Hosting;
using Microsoft.AspNetCore.Identity;

namespace LearningHealth.Identity;

public sealed record UpdateUserAccessCommand(string UserId, IReadOnlyList<string> Roles, bool Unlock, string ConcurrencyStamp);

/// <summary>
/// Sets an account's roles and lifts a lockout. The account's concurrency stamp must match the one the Admin saw,
/// so two Admins editing the same account cannot silently undo each other's change.
/// </summary>
public sealed class UpdateUserAccess(UserManager<AppUser> users, AuditLog audit)
{
    public async Task<Outcome<bool>> HandleAsync(UpdateUserAccessCommand command, string actingUserId)
    {
        var user = await users.FindByIdAsync(command.UserId);
        if (user is null)
        {
            return new Problem("That account no longer exists.", Kind: ProblemKind.NotFound);
        }

        if (!string.Equals(user.ConcurrencyStamp, command.ConcurrencyStamp, StringComparison.Ordinal))
        {
            return new Problem("Someone else changed this account after you opened it. Reload the page to see their change, then make yours again.", Kind: ProblemKind.Conflict);
        }

        var unknown = command.Roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            return new Problem($"Unknown role {string.Join(", ", unknown)}.", "Roles");
        }

        if (user.Id == actingUserId && !command.Roles.Contains(Roles.Admin))
        {
            return new Problem("You cannot remove your own Admin role: ask another Admin.", "Roles");
        }

        var current = await users.GetRolesAsync(user);
        var toRemove = current.Except(command.Roles).ToList();
        var toAdd = command.Roles.Except(current).Distinct().ToList();
        var results = new List<IdentityResult>();
        if (toRemove.Count > 0)
        {
            results.Add(await users.RemoveFromRolesAsync(user, toRemove));
        }

        if (toAdd.Count > 0)
        {
            results.Add(await users.AddToRolesAsync(user, toAdd));
        }

        if (command.Unlock)
        {
            results.Add(await users.SetLockoutEndDateAsync(user, null));
            results.Add(await users.ResetAccessFailedCountAsync(user));
        }

        var errors = results.Where(r => !r.Succeeded).SelectMany(r => r.Errors).ToList();
        if (errors.Count > 0)
        {
            return Outcome<bool>.Fail(errors.Select(e => new Problem(e.Description, Kind: e.Code == "ConcurrencyFailure" ? ProblemKind.Conflict : ProblemKind.Invalid)));
        }

        // Only real changes are recorded, so the log shows who gave whom which role and not every press of Save.
        var acting = await users.FindByIdAsync(actingUserId);
        var actor = new AuditActor(actingUserId, acting?.Email ?? acting?.DisplayName ?? actingUserId);
        var subject = $"user:{user.Email}";
        if (toAdd.Count > 0 || toRemove.Count > 0)
        {
            await audit.RecordAsync(AuditActions.RolesChanged, actor, subject,
                $"roles: {List(command.Roles.Distinct())} (were {List(current)}); added {List(toAdd)}; removed {List(toRemove)}");
        }

        if (command.Unlock)
        {
            await audit.RecordAsync(AuditActions.AccountUnlocked, actor, subject, "lockout lifted and failed-attempt count reset");
        }

        return Outcome<bool>.Ok(true);
    }

    private static string List(IEnumerable<string> roles)
    {
        var sorted = roles.Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? "none" : string.Join(", ", sorted);
    }
}
