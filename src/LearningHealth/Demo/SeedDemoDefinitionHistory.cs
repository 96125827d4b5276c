using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Demo;

/// <summary>
/// Gives the demo's "What changed" feed the one real change the built-in library has had: <c>rti-antibiotics</c>
/// moved from 1.1.0 to 1.2.0 when two clinical-drug codes (197454 clarithromycin 250 mg tablet, 1043400 doxycycline
/// 100 mg capsule) were added to its numerator. The demo's data were only ever computed at 1.2.0, so the change could
/// not be detected from its history; it is recorded here as of two months ago (the first day of that month), with
/// the 1.1.0 definition as the baseline before it, so the demo's charts show a re-base line. Runs once: nothing is
/// added when the indicator already has a recorded history.
/// </summary>
public sealed class SeedDemoDefinitionHistory(AppDbContext db, TimeProvider clock)
{
    public const string IndicatorId = "rti-antibiotics";
    private static readonly string[] AddedCodes = ["197454", "1043400"];

    public async Task<bool> HandleAsync(CancellationToken cancellationToken = default)
    {
        var current = IndicatorLibrary.BuiltIn.FirstOrDefault(i => i.Id == IndicatorId);
        if (current is null || current.Version != "1.2.0"
            || await db.DefinitionChanges.AnyAsync(c => c.Kind == DefinitionKind.Indicator && c.ItemKey == IndicatorId, cancellationToken))
        {
            return false;
        }

        var previous = Version110(current);
        var now = clock.GetUtcNow().UtcDateTime;
        var effective = new DateOnly(now.Year, now.Month, 1).AddMonths(-2);
        var added = current.Codes.Where(c => AddedCodes.Contains(c.Code)).Select(c => $"{c.Code} {c.Display}");
        db.DefinitionChanges.Add(new DefinitionChange
        {
            Kind = DefinitionKind.Indicator,
            ItemKey = IndicatorId,
            ItemTitle = current.Title,
            FromVersion = null,
            ToVersion = previous.Version,
            Fingerprint = RecordDefinitionChanges.MeaningFingerprint(previous),
            Summary = $"First recorded at version {previous.Version}.",
            EffectiveFrom = effective.AddYears(-SeedDemoRoutineData.Years),
            ChangedBy = "LearningHealth release (demo history)",
            ChangedAt = effective.AddYears(-SeedDemoRoutineData.Years).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        });
        db.DefinitionChanges.Add(new DefinitionChange
        {
            Kind = DefinitionKind.Indicator,
            ItemKey = IndicatorId,
            ItemTitle = current.Title,
            FromVersion = previous.Version,
            ToVersion = current.Version,
            Fingerprint = RecordDefinitionChanges.MeaningFingerprint(current),
            Summary = $"Version {previous.Version} → {current.Version}: the numerator also counts the antibiotic clinical-drug codes {string.Join(" and ", added)}, " +
                "which records code at product level. Prescriptions coded this way were missed before, so rates can rise at the change. " +
                $"Results for every period were recomputed; charts are re-based from {RecordDefinitionChanges.Month(effective)}.",
            EffectiveFrom = effective,
            Rebase = true,
            ChangedBy = "LearningHealth release (demo history)",
            ChangedAt = effective.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The 1.1.0 definition: 1.2.0 without the two added codes (the only difference between them).</summary>
    internal static IndicatorDefinition Version110(IndicatorDefinition current) => current with
    {
        Version = "1.1.0",
        Numerator = current.Numerator.Replace(", '197454', '1043400'", "", StringComparison.Ordinal),
        Codes = current.Codes.Where(c => !AddedCodes.Contains(c.Code)).ToList(),
    };
}
