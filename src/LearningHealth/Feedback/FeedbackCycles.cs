using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>A published cycle as the history lists it.</summary>
public sealed record CycleSummary(Guid Id, DateOnly PeriodStart, DateOnly? DataUpTo, DateTime PublishedAt, int Clinicians, int Notified, int Emailed, string? Message);

/// <summary>One indicator in a clinician's monthly report: their result, the anonymous peer figure and their recent months.</summary>
public sealed record ReportIndicator(
    IndicatorDefinition Indicator,
    StoredResult? Own,
    double? PeerValue,
    int PeerClinicians,
    IReadOnlyList<StoredResult> History)
{
    public bool OutsideExpectedRange => Own?.FunnelFlag998 is "above" or "below";
}

/// <summary>A clinician's printable report for one cycle: their own results only; peers appear only as a pooled figure.</summary>
public sealed record CycleReport(CycleSummary Cycle, Guid PersonId, string ClinicianName, IReadOnlyList<ReportIndicator> Indicators, IReadOnlyList<DefinitionChange> Changes)
{
    public string Month => PublishFeedbackCycle.Month(Cycle.PeriodStart);
}

/// <summary>
/// The history of feedback cycles and each clinician's report for one. A report is only ever the signed-in user's
/// own: it is found through their account's person and that person's Practitioner link, never from a parameter.
/// </summary>
public sealed class FeedbackCycles(AppDbContext db, DatabaseOptions database, PractitionerLinks links, IndicatorCatalog catalog)
{
    /// <summary>Months of history in a report's table.</summary>
    public const int HistoryMonths = 12;

    public async Task<IReadOnlyList<CycleSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.FeedbackCycles.AsNoTracking().ToListAsync(cancellationToken))
            .OrderByDescending(c => c.PeriodStart)
            .Select(Summary)
            .ToList();

    /// <summary>
    /// The signed-in user's report for a cycle. Not found when the cycle does not exist, or the user has no person
    /// linked to routine data (there is nothing of theirs to report).
    /// </summary>
    public async Task<Outcome<CycleReport>> ReportAsync(Guid cycleId, string userId, CancellationToken cancellationToken = default)
    {
        var cycle = await db.FeedbackCycles.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cycleId, cancellationToken);
        if (cycle is null)
        {
            return new Problem("There is no such feedback cycle.", Kind: ProblemKind.NotFound);
        }

        var link = await LinkForUserAsync(userId, cancellationToken);
        if (link is null)
        {
            return new Problem("Your account is not linked to a clinician in the routine data, so there is no report of yours.", Kind: ProblemKind.NotFound);
        }

        var analytics = AnalyticsDatabase.PathIn(database.DataDirectory);
        var from = cycle.PeriodStart.AddMonths(-(HistoryMonths - 1));
        var indicators = new List<ReportIndicator>();
        foreach (var indicator in catalog.All)
        {
            var all = ReadIndicatorResults.ForIndicator(analytics, indicator.Id, "clinician")
                .Where(r => r.PeriodStart == cycle.PeriodStart || (r.Unit == link.PractitionerKey && r.PeriodStart >= from && r.PeriodStart <= cycle.PeriodStart))
                .ToList();
            var own = all.FirstOrDefault(r => r.Unit == link.PractitionerKey && r.PeriodStart == cycle.PeriodStart);
            var history = all.Where(r => r.Unit == link.PractitionerKey).OrderBy(r => r.PeriodStart).ToList();
            if (own is null && history.Count == 0)
            {
                continue;
            }

            // The pooled proportion of every clinician with cases in the period: a single figure, so no peer is identifiable.
            var peers = all.Where(r => r.PeriodStart == cycle.PeriodStart).ToList();
            var denominator = peers.Sum(r => r.Denominator);
            indicators.Add(new ReportIndicator(indicator, own, denominator == 0 ? null : peers.Sum(r => r.Numerator) / (double)denominator, peers.Count, history));
        }

        var periodEnd = cycle.PeriodStart.AddMonths(1);
        var changes = (await db.DefinitionChanges.AsNoTracking()
                .Where(c => c.FromVersion != null && (c.Kind == DefinitionKind.Indicator || c.Kind == DefinitionKind.Threshold))
                .ToListAsync(cancellationToken))
            .Where(c => c.EffectiveFrom >= from && c.EffectiveFrom < periodEnd)
            .OrderByDescending(c => c.EffectiveFrom)
            .ToList();
        return Outcome<CycleReport>.Ok(new CycleReport(Summary(cycle), link.PersonId, link.DisplayName, indicators, changes));
    }

    /// <summary>The clinician a sign-in account gives feedback to: its person, when linked to a Practitioner in routine data.</summary>
    public async Task<PractitionerLink?> LinkForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var personId = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PersonId).FirstOrDefaultAsync(cancellationToken);
        return personId is { } id ? (await links.AllAsync(cancellationToken)).FirstOrDefault(l => l.PersonId == id) : null;
    }

    private static CycleSummary Summary(FeedbackCycle c) =>
        new(c.Id, c.PeriodStart, c.DataUpTo, c.PublishedAt, c.Clinicians, c.Notified, c.Emailed, c.Message);
}
