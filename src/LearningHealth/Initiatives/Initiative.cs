using LearningHealth.Persistence;

using LearningHealth.Teams;

namespace LearningHealth.Initiatives;

/// <summary>How an initiative evaluates its change (research in the role).</summary>
public enum EvaluationDesign
{
    None,
    /// <summary>Before and after the change date on the indicator's SPC chart: is there special cause after it?</summary>
    BeforeAfterSpc,
    /// <summary>The team's clinicians against the other clinicians after the change date (two proportions).</summary>
    UnitComparison,
}

public enum InitiativeStatus
{
    Proposed,
    Active,
    Paused,
    Completed,
    Stopped,
}

/// <summary>
/// A piece of LHS work, each a learning cycle. Its requirements start as a copy of its template's and can then be
/// edited for this initiative without changing the template.
/// </summary>
public sealed class Initiative : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public string Aim { get; set; } = "";
    public string LearningQuestion { get; set; } = "";
    public EvaluationDesign EvaluationDesign { get; set; }
    /// <summary>The indicator the evaluation watches.</summary>
    public string? EvaluationIndicatorId { get; set; }
    /// <summary>When the change being evaluated started.</summary>
    public DateOnly? ChangeDate { get; set; }
    public InitiativeStatus Status { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string TemplateKey { get; set; } = "";
    public string TemplateName { get; set; } = "";
    public List<RoleRequirement> Roles { get; set; } = [];
    public List<CompetencyRequirement> Competencies { get; set; } = [];
    public List<GovernanceItem> Governance { get; set; } = [];
    public List<InitiativeMember> Members { get; set; } = [];
    public long Version { get; set; }

    public bool IsOpen => Status is InitiativeStatus.Proposed or InitiativeStatus.Active or InitiativeStatus.Paused;
}

/// <summary>A person's place in an initiative's team: in which group's role, for how much time, and whether they lead it.</summary>
public sealed class InitiativeMember : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid InitiativeId { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    /// <summary>The group whose role the person fills here; usually their own discipline group.</summary>
    public DisciplineGroup Group { get; set; }
    public decimal Fte { get; set; }
    public bool IsLead { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public long Version { get; set; }
}
