using LearningHealth.Audit;
using LearningHealth.Fhir;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>One register entry as pages and the API show it.</summary>
public sealed record DataUseEntry(
    Guid Id,
    string DataSource,
    string Description,
    IReadOnlyList<string> ResourceTypes,
    string Purpose,
    string LegalBasis,
    DpiaStatus Dpia,
    string Owner,
    DateOnly? ReviewDate,
    DateTime UpdatedAt,
    long Version)
{
    /// <summary>Whether the entry covers records of a resource type (<c>*</c> covers every type).</summary>
    public bool Covers(string resourceType) => ResourceTypes.Contains("*") || ResourceTypes.Contains(resourceType, StringComparer.Ordinal);
}

/// <summary>Creates (no <see cref="Id"/>) or updates an entry; <see cref="Version"/> is the version the editor saw.</summary>
public sealed record SaveDataUseEntryCommand(
    Guid? Id,
    long Version,
    string? DataSource,
    string? Description,
    string? ResourceTypes,
    string? Purpose,
    string? LegalBasis,
    DpiaStatus Dpia,
    string? Owner,
    DateOnly? ReviewDate,
    string ActorUserId,
    string ActorName);

/// <summary>
/// The information-governance register: what data sources feed the platform, for what purpose, on what legal basis,
/// and the state of each one's data protection impact assessment. Leads, Analysts and Admins keep it; everyone can
/// read it. Every change is written to the audit log.
/// </summary>
public sealed class ManageDataUseRegister(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<DataUseEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.DataUseRegister.AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.DataSource, StringComparer.OrdinalIgnoreCase).Select(ToEntry)];
    }

    public async Task<DataUseEntry?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await db.DataUseRegister.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return row is null ? null : ToEntry(row);
    }

    public async Task<Outcome<DataUseEntry>> SaveAsync(SaveDataUseEntryCommand command, CancellationToken cancellationToken = default)
    {
        var (types, problems) = Validate(command);
        var source = command.DataSource?.Trim() ?? "";
        if (problems.Count == 0 && await db.DataUseRegister.AnyAsync(e => e.DataSource == source && e.Id != command.Id, cancellationToken))
        {
            problems.Add(new Problem($"There is already an entry for the data source '{source}'.", nameof(command.DataSource)));
        }

        if (problems.Count > 0)
        {
            return Outcome<DataUseEntry>.Fail(problems);
        }

        DataUseRegisterEntry entry;
        if (command.Id is { } id)
        {
            var found = await db.DataUseRegister.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
            if (found is null)
            {
                return new Problem("That register entry no longer exists.", Kind: ProblemKind.NotFound);
            }

            entry = found;
            // The version the editor saw must still be the stored one, or someone else's change would be overwritten.
            db.Entry(entry).Property(e => e.Version).OriginalValue = command.Version;
        }
        else
        {
            entry = new DataUseRegisterEntry();
            db.DataUseRegister.Add(entry);
        }

        entry.DataSource = source;
        entry.Description = command.Description?.Trim() ?? "";
        entry.ResourceTypes = string.Join(',', types);
        entry.Purpose = command.Purpose!.Trim();
        entry.LegalBasis = command.LegalBasis!.Trim();
        entry.Dpia = command.Dpia;
        entry.Owner = command.Owner?.Trim() ?? "";
        entry.ReviewDate = command.ReviewDate;
        entry.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else changed this entry after you opened it. Reload the page to see their change, then make yours again.", Kind: ProblemKind.Conflict);
        }

        await audit.RecordAsync(command.Id is null ? "data-use.created" : "data-use.updated", command.ActorUserId, command.ActorName,
            $"DataUseRegister/{entry.Id}", $"{entry.DataSource}: {entry.Purpose} ({entry.LegalBasis}); DPIA {entry.Dpia}", cancellationToken);
        return Outcome<DataUseEntry>.Ok(ToEntry(entry));
    }

    public async Task<Outcome<Guid>> DeleteAsync(Guid id, long version, string actorUserId, string actorName, CancellationToken cancellationToken = default)
    {
        var entry = await db.DataUseRegister.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (entry is null)
        {
            return new Problem("That register entry no longer exists.", Kind: ProblemKind.NotFound);
        }

        db.Entry(entry).Property(e => e.Version).OriginalValue = version;
        db.DataUseRegister.Remove(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else changed this entry after you opened it. Reload the page and check it before removing it.", Kind: ProblemKind.Conflict);
        }

        await audit.RecordAsync("data-use.deleted", actorUserId, actorName, $"DataUseRegister/{id}", entry.DataSource, cancellationToken);
        return Outcome<Guid>.Ok(id);
    }

    /// <summary>Comma- or space-separated resource types, each an R4 resource type name or <c>*</c>.</summary>
    public static IReadOnlyList<string> ParseResourceTypes(string? text) =>
        [.. (text ?? "").Split([',', ' ', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static (IReadOnlyList<string> Types, List<Problem> Problems) Validate(SaveDataUseEntryCommand command)
    {
        var problems = new List<Problem>();
        Required(command.DataSource, nameof(command.DataSource), "Name the data source.", 200);
        Required(command.Purpose, nameof(command.Purpose), "Say what the data are used for (the purpose).", 2000);
        Required(command.LegalBasis, nameof(command.LegalBasis), "Give the legal basis, e.g. UK GDPR Article 6(1)(e) and 9(2)(h).", 1000);
        if (command.Description?.Length > 2000)
        {
            problems.Add(new Problem("The description must be at most 2000 characters.", nameof(command.Description)));
        }

        if (command.Owner?.Length > 200)
        {
            problems.Add(new Problem("The owner must be at most 200 characters.", nameof(command.Owner)));
        }

        if (!Enum.IsDefined(command.Dpia))
        {
            problems.Add(new Problem("Choose the state of the DPIA.", nameof(command.Dpia)));
        }

        var types = ParseResourceTypes(command.ResourceTypes);
        if (types.Count == 0)
        {
            problems.Add(new Problem("List the FHIR resource types the source supplies (e.g. Encounter, MedicationRequest), or * for all.", nameof(command.ResourceTypes)));
        }

        var unknown = types.Where(t => t != "*" && !R4ResourceTypes.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new Problem($"Not FHIR R4 resource types: {string.Join(", ", unknown)}. Use names such as Encounter or MedicationRequest, or * for all.", nameof(command.ResourceTypes)));
        }

        if (types.Contains("*") && types.Count > 1)
        {
            problems.Add(new Problem("* already means every resource type: list types or *, not both.", nameof(command.ResourceTypes)));
        }

        if (string.Join(',', types).Length > 1000)
        {
            problems.Add(new Problem("The list of resource types must be at most 1000 characters.", nameof(command.ResourceTypes)));
        }

        return (types, problems);

        void Required(string? value, string field, string message, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new Problem(message, field));
            }
            else if (value.Trim().Length > max)
            {
                problems.Add(new Problem($"{field} must be at most {max} characters.", field));
            }
        }
    }

    private static DataUseEntry ToEntry(DataUseRegisterEntry e) => new(
        e.Id, e.DataSource, e.Description, ParseResourceTypes(e.ResourceTypes), e.Purpose, e.LegalBasis, e.Dpia, e.Owner, e.ReviewDate, e.UpdatedAt, e.Version);
}
