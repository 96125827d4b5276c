using LearningHealth.Persistence;

namespace LearningHealth.Workforce;

/// <summary>A scenario file kept in the database under a name, as the planner last saved it.</summary>
public sealed class SavedScenario : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The scenario file (JSON), exactly as entered, so comments and layout survive.</summary>
    public required string Json { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public long Version { get; set; }
}
