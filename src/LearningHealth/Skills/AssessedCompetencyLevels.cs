using LearningHealth.Composition;
using LearningHealth.Persistence;

namespace LearningHealth.Skills;

/// <summary>
/// The team composition's source of competency levels: each person's current level by the skills rules (the latest
/// unexpired confirmed rating, otherwise the latest submitted self-rating, marked unconfirmed).
/// </summary>
public sealed class AssessedCompetencyLevels(AppDbContext db, TimeProvider clock) : ICompetencyLevels
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CompetencyLevel>>> ForPeopleAsync(IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var table = await SkillFacts.CurrentLevelsAsync(db, personIds, today, cancellationToken);
        return table.All()
            .GroupBy(l => l.PersonId)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<CompetencyLevel>)g.Select(l => new CompetencyLevel(l.Key, l.Code, l.Level.Level, l.Level.Confirmed)).ToList());
    }
}
