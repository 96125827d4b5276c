using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Demo;

public sealed record DemoRoutineDataResult(bool Created, long Resources, int Clinicians, string? RunId);

/// <summary>
/// Gives the demo organisation routine data to learn from: synthetic FHIR R4 records of care by the demo's clinicians
/// (each Practitioner carries the clinician's professional registration, so feedback reaches the right person), up to
/// the end of last month, imported into the analytics store, flattened by the shipped views and turned into
/// indicator results. The demo's clinical lead is one of the clinicians who prescribes far more antibiotics for
/// respiratory infections than their peers, so signing in as the demo clinician shows an outlier. Runs once: a data
/// folder that already has indicator results is left alone.
/// </summary>
public sealed class SeedDemoRoutineData(AppDbContext db, DatabaseOptions database, AnalyticsCatalog catalog, Feedback.RefreshIndicators indicators, TimeProvider clock)
{
    public const int Patients = 3000;
    public const int Years = 3;
    public const int Seed = 20261127;
    /// <summary>Practitioners in the data who are not in the team (locums, leavers): their results stay unnamed.</summary>
    public const int UnlinkedPractitioners = 4;
    /// <summary>
    /// The clinical lead prescribes antibiotics for nine in ten respiratory infections (peers: three or four) and is the
    /// usual clinician of three times as many patients as a peer, so each month has enough cases for the outlier to
    /// show on the month's funnel plot whatever month the demo is started in.
    /// </summary>
    private const double LeadAntibioticRate = 0.9;
    private const int LeadPanelWeight = 3;
    /// <summary>The generator makes every tenth practitioner from the fourth an antibiotic outlier.</summary>
    private const int OutlierPosition = 3;

    public async Task<DemoRoutineDataResult> HandleAsync(CancellationToken cancellationToken = default)
    {
        var analytics = AnalyticsDatabase.PathIn(database.DataDirectory);
        if (ReadIndicatorResults.LatestRuns(analytics).Count > 0)
        {
            return new DemoRoutineDataResult(false, 0, 0, null);
        }

        var clinicians = await db.People.AsNoTracking()
            .Where(p => p.Discipline == DisciplineGroup.Clinician && p.RegistrationNumber != null)
            .Include(p => p.Engagements)
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName)
            .ToListAsync(cancellationToken);
        var lead = clinicians.FirstOrDefault(p => p.Engagements.Any(e => e.RoleTitle == SeedDemoOrganisation.ClinicalLeadTitle));
        if (lead is not null && clinicians.Count > OutlierPosition)
        {
            clinicians.Remove(lead);
            clinicians.Insert(OutlierPosition, lead);
        }

        var named = clinicians
            .Where(p => ProfessionalRegisters.SystemFor(p.RegistrationBody) is not null)
            .Select(p => p == lead
                ? new NamedPractitioner(p.GivenName, p.FamilyName, IsFemale(p.GivenName), ProfessionalRegisters.SystemFor(p.RegistrationBody)!, p.RegistrationNumber!,
                    AntibioticRate: LeadAntibioticRate, PanelWeight: LeadPanelWeight)
                : new NamedPractitioner(p.GivenName, p.FamilyName, IsFemale(p.GivenName), ProfessionalRegisters.SystemFor(p.RegistrationBody)!, p.RegistrationNumber!))
            .ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var until = new DateOnly(today.Year, today.Month, 1).AddDays(-1);
        var folder = Path.Combine(database.DataDirectory, "demo-fhir");
        var written = SyntheticFhirGenerator.Write(
            new GeneratorOptions(Patients, named.Count + UnlinkedPractitioners, Years, Seed)
            {
                Until = until,
                Named = named,
                DeprivationByDistrict = AreaData.SyntheticAreaData.DeprivationByDistrict(),
            },
            folder, cancellationToken);

        new FhirImporter(database.DataDirectory, clock).Import([folder], cancellationToken: cancellationToken);
        foreach (var (name, json) in IndicatorViews.All)
        {
            var result = catalog.Materialise(json, cancellationToken: cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The demo view {name} did not materialise: {result.Problem}");
            }
        }

        var report = await indicators.HandleAsync(cancellationToken: cancellationToken);
        await new SeedDemoDataUse(db, clock).HandleAsync(cancellationToken);
        new SeedDemoAreaData(new AreaData.ImportAreaData(database, clock), new AreaData.ListAreaData(database)).Handle();
        return new DemoRoutineDataResult(true, written.Values.Sum(), named.Count, report.RunId);
    }

    // The generator writes a gender; the demo's given names are not tied to one, so alternate by the name's letters.
    private static bool IsFemale(string given) => given.Length % 2 == 0;
}
