using LearningHealth.Persistence;

namespace LearningHealth.Teams;

/// <summary>
/// The named lead of one discipline group across the LHS programme. (Leads within an initiative are marked on its
/// members.) The seed: "Leadership within each of these groups ... will also be essential".
/// </summary>
public sealed class ProgrammeLead : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DisciplineGroup Group { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public long Version { get; set; }
}

/// <summary>How far the organisation's leadership is behind the Learning Health System.</summary>
public enum BuyInStatus
{
    NotEngaged,
    Informed,
    Supportive,
    Committed,
}

/// <summary>
/// The organisation's backing for the LHS programme: its executive sponsor, the board or committee that approved
/// it and when, and how committed leadership is, with a date by which that should be reviewed.
/// </summary>
public sealed class Sponsorship : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string? SponsorName { get; set; }
    /// <summary>The sponsor's post, e.g. Chief Medical Officer.</summary>
    public string? SponsorTitle { get; set; }
    public string? ApprovingBody { get; set; }
    public DateOnly? ApprovedOn { get; set; }
    public BuyInStatus BuyIn { get; set; }
    public DateOnly? ReviewDue { get; set; }
    public long Version { get; set; }
}
