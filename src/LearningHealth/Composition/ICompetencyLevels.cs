namespace LearningHealth.Composition;

/// <summary>
/// Where the team composition gets people's current competency levels from: the skills record
/// (<c>Skills/AssessedCompetencyLevels</c>). An interface so the solver's model stays free of how levels are kept.
/// </summary>
public interface ICompetencyLevels
{
    /// <summary>For each of these people who has any, their current level per (framework, code) and whether it is confirmed.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<CompetencyLevel>>> ForPeopleAsync(IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken = default);
}
