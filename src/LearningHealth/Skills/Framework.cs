using LearningHealth.Persistence;

namespace LearningHealth.Skills;

/// <summary>
/// One version of a competency framework. A new version of a framework is a new row with its own competencies, so
/// assessments made against an older version keep pointing at exactly what was rated.
/// </summary>
public sealed class Framework : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Stable key shared by every version, e.g. <c>lhs-core</c>.</summary>
    public required string Key { get; set; }
    public int VersionNumber { get; set; } = 1;
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public string Publisher { get; set; } = "";
    /// <summary>Shipped with LearningHealth; not editable in the app.</summary>
    public bool BuiltIn { get; set; }
    /// <summary>The proficiency scale, lowest level first. Empty for frameworks that only list titles.</summary>
    public List<ScaleLevel> Levels { get; set; } = [];
    public List<Competency> Competencies { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A level of a framework's proficiency scale: 1 is the lowest.</summary>
public sealed class ScaleLevel
{
    public int Number { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>
/// A competency, or a domain (a competency with children). The tree can be any depth. Each level of the framework's
/// scale can have a descriptor saying what that level looks like for this competency.
/// </summary>
public sealed class Competency
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FrameworkId { get; set; }
    public Framework? Framework { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public Guid? ParentId { get; set; }
    public int SortOrder { get; set; }
    public List<LevelDescriptor> Descriptors { get; set; } = [];
}

public sealed class LevelDescriptor
{
    public int Level { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>How one competency relates to a competency of another framework (SKOS mapping relations).</summary>
public enum CrosswalkRelation
{
    ExactMatch,
    Broader,
    Narrower,
    Related,
}

/// <summary>A link from a competency to one in another framework: "C4.2 is narrower than FCI domain 3".</summary>
public sealed class CrosswalkLink
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FromCompetencyId { get; set; }
    public Guid ToCompetencyId { get; set; }
    public CrosswalkRelation Relation { get; set; }
}
