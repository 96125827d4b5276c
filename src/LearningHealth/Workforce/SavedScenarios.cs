using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Workforce;

public sealed record SavedScenarioSummary(Guid Id, string Name, DateTime UpdatedAt, string? UpdatedBy, long Version);

/// <summary>
/// Saving and opening scenario files by name. A scenario is saved only when it is valid; saving under an existing
/// name replaces that scenario, unless someone else saved it since it was opened (its version has moved on).
/// </summary>
public sealed class SavedScenarios(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<SavedScenarioSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.WorkforceScenarios.AsNoTracking()
            .Select(s => new SavedScenarioSummary(s.Id, s.Name, s.UpdatedAt, s.UpdatedBy, s.Version))
            .ToListAsync(cancellationToken))
        .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
        .ToList();

    public Task<SavedScenario?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        db.WorkforceScenarios.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    /// <param name="expectedVersion">The version the editor opened, or null when it started a new scenario.</param>
    public async Task<Outcome<SavedScenarioSummary>> SaveAsync(string json, string? user, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        var checkedScenario = ScenarioFile.Parse(json);
        if (!checkedScenario.Succeeded)
        {
            return Outcome<SavedScenarioSummary>.Fail(checkedScenario.Problems);
        }

        var name = checkedScenario.Value!.Name;
        if (name.Length > 200)
        {
            return new Problem("name must be at most 200 characters.", "name");
        }

        var existing = (await db.WorkforceScenarios.ToListAsync(cancellationToken))
            .FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is null)
        {
            existing = new SavedScenario { Name = name, Json = json };
            db.WorkforceScenarios.Add(existing);
        }
        else if (expectedVersion != existing.Version)
        {
            return new Problem(
                $"A scenario named '{name}' was saved by {existing.UpdatedBy ?? "someone"} at {existing.UpdatedAt:yyyy-MM-dd HH:mm} UTC since you opened it. Open it again, or give yours another name.",
                "name",
                ProblemKind.Conflict);
        }
        else
        {
            existing.Json = json;
        }

        existing.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        existing.UpdatedBy = user;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new Problem($"'{name}' was saved by someone else at the same moment. Open it again, or give yours another name.", "name", ProblemKind.Conflict);
        }

        return Outcome<SavedScenarioSummary>.Ok(new SavedScenarioSummary(existing.Id, existing.Name, existing.UpdatedAt, existing.UpdatedBy, existing.Version));
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.WorkforceScenarios.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
}
