using LearningHealth.Persistence;

namespace LearningHealth.Skills;

public enum GoalStatus
{
    Planned,
    InProgress,
    Achieved,
    Dropped,
}

public enum ActivityKind
{
    Course,
    ELearning,
    Shadowing,
    Mentoring,
    ProjectWork,
    TeachingOthers,
}

/// <summary>A person's learning plan: goals towards target levels of competencies, and an assessor's review.</summary>
public sealed class LearningPlan : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PersonId { get; set; }
    public List<LearningGoal> Goals { get; set; } = [];
    public string? ReviewNote { get; set; }
    public string? ReviewedByName { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>A goal: reach a target level of a competency by a date, through activities.</summary>
public sealed class LearningGoal : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PlanId { get; set; }
    public Guid CompetencyId { get; set; }
    public Competency? Competency { get; set; }
    public int TargetLevel { get; set; }
    /// <summary>The person's current level when the goal was set (0 for none), to show progress since.</summary>
    public int StartLevel { get; set; }
    public DateOnly? TargetDate { get; set; }
    public GoalStatus Status { get; set; }
    /// <summary>
    /// Optional link to the action from feedback on practice that prompted the goal. Feedback on practice is a later
    /// feature; the link is a plain identifier so that feature can fill it without changing this table.
    /// </summary>
    public Guid? FeedbackActionId { get; set; }
    public List<LearningActivity> Activities { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }
}

public sealed class LearningActivity
{
    public ActivityKind Kind { get; set; }
    public string Description { get; set; } = "";
    public DateOnly? TargetDate { get; set; }
    public bool Done { get; set; }
}
