using LearningHealth.Feedback;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Demo;

/// <summary>
/// The demo's information-governance register: the GP record extract that feeds feedback on practice, and the
/// team directory. Practitioner records (used only to match clinicians to their records) are deliberately left
/// without an entry, so the data-use page shows what a gap in the register looks like. Runs once: a register with
/// any entry is left alone.
/// </summary>
public sealed class SeedDemoDataUse(AppDbContext db, TimeProvider clock)
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (await db.DataUseRegister.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        db.DataUseRegister.AddRange(
            new DataUseRegisterEntry
            {
                DataSource = "GP record extract",
                Description = "Monthly extract of consultations, prescriptions, problems and observations from the practices' clinical system, as FHIR R4.",
                ResourceTypes = "Patient,Encounter,Condition,Observation,MedicationRequest",
                Purpose = "Direct care and service improvement: feedback to clinicians on their own practice, and evaluation of improvement initiatives.",
                LegalBasis = "UK GDPR Article 6(1)(e) (public task) and Article 9(2)(h) (provision of health care and management of health services).",
                Dpia = DpiaStatus.Approved,
                Owner = "Caldicott Guardian, Northfield Health",
                ReviewDate = today.AddMonths(9),
                UpdatedAt = now,
            },
            new DataUseRegisterEntry
            {
                DataSource = "Area population data",
                Description = "Published counts by area (population, deprivation) to put results in context. No personal data.",
                ResourceTypes = "Location",
                Purpose = "Service improvement: comparing sites fairly.",
                LegalBasis = "Not personal data (open published statistics).",
                Dpia = DpiaStatus.NotRequired,
                Owner = "Information analyst",
                ReviewDate = today.AddMonths(12),
                UpdatedAt = now,
            });
        return await db.SaveChangesAsync(cancellationToken);
    }
}
