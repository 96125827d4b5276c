using LearningHealth.Persistence;

using LearningHealth.Teams;

namespace LearningHealth.Initiatives;

/// <summary>
/// A nature of work: what kind of team a piece of LHS work needs. Built-in templates ship as data files
/// (Initiatives/Templates/*.json); Leads copy and edit them, or write their own.
/// </summary>
public sealed class InitiativeTemplate : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Stable identifier, e.g. <c>audit-and-feedback</c>.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Shipped with LearningHealth; built-in templates are copied, not edited.</summary>
    public bool BuiltIn { get; set; }
    public List<RoleRequirement> Roles { get; set; } = [];
    public List<CompetencyRequirement> Competencies { get; set; } = [];
    public List<GovernanceItem> Governance { get; set; } = [];
    public long Version { get; set; }
}
