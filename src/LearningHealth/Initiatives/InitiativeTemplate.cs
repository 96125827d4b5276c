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

    /// <summary>
    /// A new initiative of this nature of work, with its own copy of the requirements, so that editing them later
    /// changes neither the template nor other initiatives. Every approval starts as <paramref name="governance"/>.
    /// </summary>
    public Initiative NewInitiative(string title, DateOnly start, DateOnly? end, GovernanceStatus governance = GovernanceStatus.Needed) => new()
    {
        Title = title,
        StartDate = start,
        EndDate = end,
        TemplateKey = Key,
        TemplateName = Name,
        Roles = Roles.Select(r => new RoleRequirement { Group = r.Group, Profession = r.Profession, Count = r.Count, Fte = r.Fte, LeadRequired = r.LeadRequired, Purpose = r.Purpose }).ToList(),
        Competencies = Competencies.Select(c => new CompetencyRequirement { Framework = c.Framework, Code = c.Code, Name = c.Name, MinimumLevel = c.MinimumLevel, Holders = c.Holders }).ToList(),
        Governance = Governance.Select(g => new GovernanceItem { Name = g.Name, Status = governance }).ToList(),
    };
}
