namespace LearningHealth.Skills;

/// <summary>The signed-in account doing something: its id, display name and (if linked) the person it belongs to.</summary>
public sealed record Actor(string UserId, string Name, Guid? PersonId);
