namespace LearningHealth.Composition;

/// <summary>
/// Where the team composition gets people's current competency levels from. The skills record (competency
/// frameworks and assessments) will provide the real implementation; until then <see cref="NoCompetencyLevels"/>
/// reports none, so competency requirements show as unmet with an explanation.
/// </summary>
public interface ICompetencyLevels
{
    /// <summary>For each of these people who has any, their current level per (framework, code) and whether it is confirmed.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<CompetencyLevel>>> ForPeopleAsync(IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken = default);
}

/// <summary>The stand-in until skills are recorded: nobody has any level yet.</summary>
public sealed class NoCompetencyLevels : ICompetencyLevels
{
    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<CompetencyLevel>>> ForPeopleAsync(IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<Guid, IReadOnlyList<CompetencyLevel>>>(new Dictionary<Guid, IReadOnlyList<CompetencyLevel>>());
}
