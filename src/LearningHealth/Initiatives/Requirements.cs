using LearningHealth.Teams;

namespace LearningHealth.Initiatives;

/// <summary>
/// People a piece of work needs from one discipline group: how many, how much time in all, and whether the group
/// must have a named lead in the initiative.
/// </summary>
public sealed class RoleRequirement
{
    public DisciplineGroup Group { get; set; }
    /// <summary>For clinicians, a particular profession if the work needs one; otherwise any.</summary>
    public ClinicalProfession? Profession { get; set; }
    public int Count { get; set; }
    /// <summary>Total full-time equivalent the group should give the initiative.</summary>
    public decimal Fte { get; set; }
    public bool LeadRequired { get; set; }
    /// <summary>Why the work needs these people, in plain words.</summary>
    public string? Purpose { get; set; }
}

/// <summary>
/// A competency the team must hold, at a minimum level, by a number of people (two or more for critical skills,
/// so that no one person is a single point of failure). Refers to a competency by framework and code.
/// </summary>
public sealed class CompetencyRequirement
{
    public string Framework { get; set; } = "";
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public int MinimumLevel { get; set; }
    public int Holders { get; set; } = 1;
}

public enum GovernanceStatus
{
    Needed,
    InProgress,
    Approved,
    NotApplicable,
}

/// <summary>An approval the work needs before or while it runs, such as a DPIA or an ethics review.</summary>
public sealed class GovernanceItem
{
    public string Name { get; set; } = "";
    public GovernanceStatus Status { get; set; }
}
