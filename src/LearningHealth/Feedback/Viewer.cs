using LearningHealth.Identity;

namespace LearningHealth.Feedback;

/// <summary>
/// Who is asking, as the feedback handlers need it: the account, the name to record in the audit log, the team
/// record the account is linked to (<see cref="AppUser.PersonId"/>) and the account's roles. Pages build it from the
/// signed-in user; the handlers apply the row-level rules (own data only, named peers only for a team's Leads).
/// </summary>
public sealed record Viewer(string UserId, string Name, Guid? PersonId, IReadOnlyList<string> Roles)
{
    public bool IsIn(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Analysts and Admins may see any clinician's results and patients.</summary>
    public bool IsAnalyst => IsIn(Identity.Roles.Analyst) || IsIn(Identity.Roles.Admin);
}

/// <summary>Why a feedback request was refused, so a page can answer 403, 404 or 400.</summary>
public enum Refusal
{
    Forbidden,
    NotFound,
    Invalid,
}

/// <summary>A feedback result or the reason it was refused (a value, not an exception, as elsewhere in the app).</summary>
public sealed record Guarded<T>(T? Value, Refusal? Refused, string? Message, string? Field = null)
    where T : class
{
    public bool Allowed => Refused is null;

    public static Guarded<T> Ok(T value) => new(value, null, null);
    public static Guarded<T> Forbidden(string message) => new(null, Refusal.Forbidden, message);
    public static Guarded<T> NotFound(string message) => new(null, Refusal.NotFound, message);
    public static Guarded<T> Invalid(string field, string message) => new(null, Refusal.Invalid, message, field);
}
