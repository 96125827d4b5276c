using LearningHealth.Persistence;

namespace LearningHealth.Feedback;

/// <summary>
/// A published round of feedback on practice: indicators recomputed for the latest data and every clinician told.
/// Cycles are kept, so a clinician can look back at what each month said.
/// </summary>
public sealed class FeedbackCycle
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The latest complete period the cycle reports (first day of the month).</summary>
    public DateOnly PeriodStart { get; set; }
    /// <summary>The last date with routine data when the cycle was published (data freshness).</summary>
    public DateOnly? DataUpTo { get; set; }
    /// <summary>The <c>indicator_runs.run_id</c> of the computation the cycle publishes.</summary>
    public string RunId { get; set; } = "";
    public DateTime PublishedAt { get; set; }
    public int Clinicians { get; set; }
    public int Notified { get; set; }
    public int Emailed { get; set; }
    public string? Message { get; set; }
}

public enum NotificationKind
{
    FeedbackCycle,
    DataQuestionResolved,
    ResearchFinding,
    Discussion,
    ActionDue,
}

/// <summary>An in-app notification for one user (the bell in the header).</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string UserId { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>A path inside the app, e.g. <c>/learning-cycle/practice</c>.</summary>
    public string Link { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public Guid? CycleId { get; set; }
}

public enum FeedbackResponseKind
{
    Acknowledged,
    Comment,
}

/// <summary>A clinician's response to feedback on one indicator: an acknowledgement or a comment.</summary>
public sealed class FeedbackResponse
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PersonId { get; set; }
    public string IndicatorId { get; set; } = "";
    public DateOnly? PeriodStart { get; set; }
    public FeedbackResponseKind Kind { get; set; }
    public string Text { get; set; } = "";
    public string AuthorUserId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public enum DataQuestionStatus
{
    Open,
    /// <summary>The data were wrong and have been (or will be) corrected.</summary>
    Corrected,
    /// <summary>The data were checked and are right; the answer explains why.</summary>
    Confirmed,
}

/// <summary>
/// "Question the data": a clinician flags a value they think is wrong. It goes to the Analysts' queue; the answer is
/// shown back to the clinician beside the indicator.
/// </summary>
public sealed class DataQuestion : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The clinician whose feedback is questioned.</summary>
    public Guid PersonId { get; set; }
    public string IndicatorId { get; set; } = "";
    /// <summary>The period questioned (first day), or null for the indicator as a whole.</summary>
    public DateOnly? PeriodStart { get; set; }
    public string Question { get; set; } = "";
    public string RaisedByUserId { get; set; } = "";
    public string RaisedByName { get; set; } = "";
    public DateTime RaisedAt { get; set; }
    public DataQuestionStatus Status { get; set; }
    public string? Answer { get; set; }
    public string? AnsweredByName { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public long Version { get; set; }
}

public enum FeedbackActionStatus
{
    Planned,
    Done,
    Dropped,
}

/// <summary>
/// An action plan made in response to feedback: a specific action, an owner and a due date. It may have created a
/// learning-plan goal (<see cref="LearningGoalId"/>) tied to a competency; the goal points back through
/// <c>LearningGoal.FeedbackActionId</c>. Its start date is marked on the indicator's SPC chart.
/// </summary>
public sealed class FeedbackAction : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The clinician whose feedback prompted the action.</summary>
    public Guid PersonId { get; set; }
    public string IndicatorId { get; set; } = "";
    public string Action { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly DueDate { get; set; }
    /// <summary>When the change in practice starts: marked on the SPC chart, and "after" for the change test.</summary>
    public DateOnly StartDate { get; set; }
    public FeedbackActionStatus Status { get; set; }
    public Guid? CompetencyId { get; set; }
    public Guid? LearningGoalId { get; set; }
    public string CreatedByUserId { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// A comment in a team's peer discussion of one indicator (a team meeting page). <see cref="TeamKey"/> names the
/// team: <c>initiative:{id}</c> for an initiative's team or <c>site:{unit}</c> for a site.
/// </summary>
public sealed class DiscussionComment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string TeamKey { get; set; } = "";
    public string IndicatorId { get; set; } = "";
    public string Text { get; set; } = "";
    public string AuthorUserId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public enum DpiaStatus
{
    NotStarted,
    InProgress,
    Approved,
    NotRequired,
}

/// <summary>
/// An entry in the information-governance register Leads keep: a data source, what it is used for, on what legal
/// basis, and the state of its data protection impact assessment. Lineage pages show it beside each data element.
/// </summary>
public sealed class DataUseRegisterEntry : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string DataSource { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>FHIR resource types the source supplies, comma-separated (e.g. <c>Encounter,MedicationRequest</c>); <c>*</c> for all.</summary>
    public string ResourceTypes { get; set; } = "";
    public string Purpose { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public DpiaStatus Dpia { get; set; }
    public string Owner { get; set; } = "";
    public DateOnly? ReviewDate { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
}

public enum DefinitionKind
{
    Indicator,
    View,
    Template,
    Threshold,
    Framework,
    AreaData,
}

/// <summary>
/// One change to something feedback depends on (an indicator definition, a view, a template, a threshold), for the
/// "What changed" feed. A change that alters what an indicator measures re-bases its SPC charts at <see cref="EffectiveFrom"/>.
/// </summary>
public sealed class DefinitionChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DefinitionKind Kind { get; set; }
    public string ItemKey { get; set; } = "";
    public string ItemTitle { get; set; } = "";
    public string? FromVersion { get; set; }
    public string ToVersion { get; set; } = "";
    public string Summary { get; set; } = "";
    /// <summary>The first period the new definition applies to; SPC charts re-base here when <see cref="Rebase"/>.</summary>
    public DateOnly EffectiveFrom { get; set; }
    public bool Rebase { get; set; }
    /// <summary>For indicators: the definition hash, so the same change is recorded once.</summary>
    public string? Fingerprint { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTime ChangedAt { get; set; }
}

/// <summary>A result of an initiative's evaluation, posted back to the clinicians whose data contributed.</summary>
public sealed class ResearchFinding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid InitiativeId { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? IndicatorId { get; set; }
    public string PostedByName { get; set; } = "";
    public DateTime PostedAt { get; set; }
    public int Recipients { get; set; }
}
