using System.Security.Claims;

namespace LearningHealth.Audit;

/// <summary>Who did something the audit log records: a signed-in account, or the command line or the app itself.</summary>
/// <param name="UserId">The account's id, or null when no account acted (the command line, start-up, a failed sign-in).</param>
/// <param name="Name">A name a reader of the log recognises: the account's display name or e-mail, or what acted.</param>
public sealed record AuditActor(string? UserId, string Name)
{
    /// <summary>The app itself, e.g. the demo seed at start-up.</summary>
    public static AuditActor System { get; } = new(null, "system");

    /// <summary>Someone at the command line: the operating-system account is the best name there is.</summary>
    public static AuditActor CommandLine => new(null, $"lhs ({Environment.UserName})");

    /// <summary>The signed-in user of a request; anonymous requests are recorded as such rather than refused.</summary>
    public static AuditActor From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return new AuditActor(null, "anonymous");
        }

        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name ?? id ?? "unknown";
        return new AuditActor(id, name);
    }
}

/// <summary>The actions the app records; one word-group each so the admin page and <c>lhs audit list --action</c> can filter.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "sign-in-locked-out";
    public const string UserCreated = "user-created";
    public const string RolesChanged = "roles-changed";
    public const string AccountUnlocked = "account-unlocked";
    public const string Export = "export";
    public const string IndicatorsComputed = "indicators-computed";
    public const string FrameworkImported = "framework-imported";
    public const string FrameworkSaved = "framework-saved";
    public const string TemplateSaved = "template-saved";
    public const string Backup = "backup";
    public const string Restore = "restore";
}
