namespace LearningHealth.Audit;

/// <summary>
/// One entry of the append-only audit log. Entries form a hash chain: each stores the hash of the one before, and its
/// own hash covers its fields and that link, so editing or deleting any entry breaks every hash after it
/// (<see cref="AuditLog.Verify"/>).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3, … with no gaps; unique, so two writers cannot both append entry n.</summary>
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    /// <summary>What happened, e.g. <c>sign-in</c>, <c>sign-in-failed</c>, <c>patient-list-viewed</c>, <c>export</c>, <c>roles-changed</c>.</summary>
    public string Action { get; set; } = "";
    public string? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    /// <summary>What it happened to, e.g. <c>indicator:rti-antibiotics/clinician:…/2025-11</c>.</summary>
    public string Subject { get; set; } = "";
    public string Details { get; set; } = "";
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}
