using LearningHealth.Persistence;

namespace LearningHealth.Skills;

/// <summary>Who gave a rating.</summary>
public enum AssessmentKind
{
    Self,
    Peer,
    Assessor,
}

/// <summary>
/// Draft (only its author sees it) → Submitted → Confirmed by an assessor, or Returned with a reason
/// (and then edited and submitted again). A submitted rating still waiting for an assessor is Withdrawn when its
/// author submits a newer rating of the same kind, person and competency: the queue shows only the latest.
/// </summary>
public enum AssessmentStatus
{
    Draft,
    Submitted,
    Confirmed,
    Returned,
    Withdrawn,
}

/// <summary>A rating of a person on one competency, at one version of its framework, with its evidence and expiry.</summary>
public sealed class Assessment : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PersonId { get; set; }
    /// <summary>The exact competency (and so the framework version) that was rated.</summary>
    public Guid CompetencyId { get; set; }
    public Competency? Competency { get; set; }
    public AssessmentKind Kind { get; set; }
    public int Level { get; set; }
    public string? EvidenceNote { get; set; }
    public List<string> EvidenceLinks { get; set; } = [];
    public DateOnly AssessedOn { get; set; }
    /// <summary>After this day the rating is expired: still shown, no longer counted.</summary>
    public DateOnly? ValidUntil { get; set; }
    public AssessmentStatus Status { get; set; }
    /// <summary>The account that made the rating.</summary>
    public string? RatedByUserId { get; set; }
    public string? RatedByName { get; set; }
    public string? ReviewedByUserId { get; set; }
    public string? ReviewedByName { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReturnReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }

    public bool IsExpiredOn(DateOnly day) => ValidUntil is { } until && until < day;
}
