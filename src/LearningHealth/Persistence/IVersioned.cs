namespace LearningHealth.Persistence;

/// <summary>
/// A record people edit. Its <see cref="Version"/> is checked on save so that when two people edit the same
/// record, the second save is refused instead of silently overwriting the first (optimistic concurrency).
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
