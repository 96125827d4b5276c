using System.Globalization;
using DuckDB.NET.Data;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Feedback;

/// <summary>Who publishes (for the audit log); the scheduler and the CLI publish as themselves.</summary>
public sealed record PublishFeedbackCycleCommand(string? ActorUserId = null, string ActorName = "LearningHealth scheduler");

/// <summary>
/// What a publish did. <see cref="NewCycle"/> is false when the period already had a cycle (a re-run);
/// <see cref="NewlyNotified"/> counts only the notifications this run added.
/// </summary>
public sealed record PublishFeedbackCycleResult(
    Guid CycleId,
    DateOnly PeriodStart,
    DateOnly? DataUpTo,
    bool NewCycle,
    int Clinicians,
    int NewlyNotified,
    int Emailed,
    int EmailFailures,
    DefinitionChangesRecorded DefinitionChanges);

/// <summary>One indicator's result for one clinician in one period, as feedback summaries and reports show it.</summary>
public sealed record ClinicianIndicatorResult(IndicatorDefinition Indicator, StoredResult Result)
{
    /// <summary>Outside the funnel's 99.8% limits among the period's clinicians: the "expected range" of the summary.</summary>
    public bool OutsideExpectedRange => Result.FunnelFlag998 is "above" or "below";
}

/// <summary>
/// Publishes the feedback cycle for the latest complete period: recomputes the indicators (incrementally), records
/// definition changes, then tells every clinician who is linked to a Practitioner in routine data and has a sign-in
/// account: one in-app notification each, and an e-mail when SMTP is configured.
/// </summary>
/// <remarks>
/// Idempotent and crash-safe: a period has one cycle, found again on a re-run; notifications are unique per user and
/// cycle (a database index), and a re-run adds only the missing ones, so a run that stopped half-way is completed by
/// the next and nobody is told twice. E-mail goes only to the people a run newly notified, after their notifications
/// are saved: a crash between the two loses those e-mails (the in-app notification is the record) rather than sending
/// any twice. Mail failures are logged and counted on the cycle; they never fail it.
/// </remarks>
public sealed partial class PublishFeedbackCycle(
    AppDbContext db,
    DatabaseOptions database,
    PractitionerLinks links,
    RefreshIndicators indicators,
    RecordDefinitionChanges definitionChanges,
    FeedbackMailer mailer,
    FeedbackOptions options,
    AuditLog audit,
    TimeProvider clock,
    ILogger<PublishFeedbackCycle> logger,
    IndicatorCatalog catalog)
{
    public const string PracticeLink = "/learning-cycle/practice";
    // One publish at a time in a process: the scheduler and "Publish now" must not both create the period's cycle.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<Outcome<PublishFeedbackCycleResult>> HandleAsync(PublishFeedbackCycleCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var analytics = AnalyticsDatabase.PathIn(database.DataDirectory);
        if (!File.Exists(analytics))
        {
            return new Problem("There is no routine data to give feedback on: import FHIR data and compute the indicators first.");
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            return await PublishAsync(command, analytics, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<Outcome<PublishFeedbackCycleResult>> PublishAsync(PublishFeedbackCycleCommand command, string analytics, CancellationToken cancellationToken)
    {
        var computed = await indicators.HandleAsync(cancellationToken: cancellationToken);
        var changes = await definitionChanges.HandleAsync(cancellationToken: cancellationToken);
        var now = clock.GetUtcNow();
        var period = LatestPeriodBefore(analytics, FeedbackSchedule.LatestCompletePeriod(now).AddMonths(1));
        if (period is null)
        {
            return new Problem("No complete month has indicator results yet, so there is no feedback to publish.");
        }

        var cycle = await db.FeedbackCycles.FirstOrDefaultAsync(c => c.PeriodStart == period.Value, cancellationToken);
        var newCycle = cycle is null;
        if (cycle is null)
        {
            cycle = new FeedbackCycle
            {
                PeriodStart = period.Value,
                DataUpTo = DataUpTo(analytics),
                RunId = computed.RunId,
                PublishedAt = now.UtcDateTime,
            };
            db.FeedbackCycles.Add(cycle);
            await db.SaveChangesAsync(cancellationToken);
        }

        var linked = await links.AllAsync(cancellationToken);
        var keyByPerson = linked.ToDictionary(l => l.PersonId, l => l.PractitionerKey);
        var personIds = keyByPerson.Keys.ToList();
        var users = await db.Users.AsNoTracking()
            .Where(u => u.PersonId != null && personIds.Contains(u.PersonId.Value))
            .Select(u => new { u.Id, u.Email, u.DisplayName, PersonId = u.PersonId!.Value })
            .ToListAsync(cancellationToken);
        var cycleId = cycle.Id;
        var alreadyNotified = (await db.Notifications.AsNoTracking().Where(n => n.CycleId == cycleId).Select(n => n.UserId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var results = ForPeriod(analytics, period.Value, catalog.All);
        var month = Month(period.Value);
        var fresh = new List<(Notification Notification, string? Email, string Name)>();
        foreach (var user in users.Where(u => !alreadyNotified.Contains(u.Id)).OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            var own = results.Where(r => r.Result.Unit == keyByPerson[user.PersonId]).ToList();
            var notification = new Notification
            {
                UserId = user.Id,
                Kind = NotificationKind.FeedbackCycle,
                Title = $"Your feedback for {month}",
                Body = Summary(own, period.Value),
                Link = PracticeLink,
                CreatedAt = now.UtcDateTime,
                CycleId = cycleId,
            };
            db.Notifications.Add(notification);
            fresh.Add((notification, user.Email, user.DisplayName));
        }

        await db.SaveChangesAsync(cancellationToken);

        var emails = fresh.Where(f => !string.IsNullOrWhiteSpace(f.Email))
            .Select(f => new FeedbackEmail(f.Email!, f.Name, f.Notification.Title, EmailBody(f.Name, f.Notification.Body, period.Value)))
            .ToList();
        var (sent, failed) = mailer.Configured ? await mailer.SendAsync(emails, cancellationToken) : (0, 0);

        cycle.Clinicians = linked.Count;
        cycle.Notified = await db.Notifications.CountAsync(n => n.CycleId == cycleId, cancellationToken);
        cycle.Emailed += sent;
        if (failed > 0)
        {
            cycle.Message = $"{failed} e-mail(s) could not be sent on {now:yyyy-MM-dd HH:mm} UTC; see the log.";
        }

        await db.SaveChangesAsync(cancellationToken);
        LogPublished(month, newCycle ? "published" : "completed", fresh.Count, sent, failed);
        await audit.RecordAsync("feedback.cycle.publish", command.ActorUserId, command.ActorName, $"feedback cycle {month}",
            $"cycle {cycleId}; new cycle {newCycle}; newly notified {fresh.Count}; e-mailed {sent}; e-mail failures {failed}; run {computed.RunId}",
            cancellationToken);
        return Outcome<PublishFeedbackCycleResult>.Ok(new PublishFeedbackCycleResult(
            cycleId, period.Value, cycle.DataUpTo, newCycle, linked.Count, fresh.Count, sent, failed, changes));
    }

    /// <summary>The one-line summary, e.g. "3 indicators updated for October 2026; 1 outside the expected range".</summary>
    public static string Summary(IReadOnlyList<ClinicianIndicatorResult> own, DateOnly period)
    {
        ArgumentNullException.ThrowIfNull(own);
        var month = Month(period);
        if (own.Count == 0)
        {
            return $"No indicator had cases of yours in {month}.";
        }

        var outside = own.Count(r => r.OutsideExpectedRange);
        return $"{own.Count} indicator{(own.Count == 1 ? "" : "s")} updated for {month}; {outside} outside the expected range";
    }

    private string EmailBody(string name, string summary, DateOnly period) => $"""
        Dear {name},

        Your feedback on practice for {Month(period)} is ready: {summary}.

        See your results, how they compare with anonymous peers, and your charts:
        {options.Link(PracticeLink)}

        A printable report of this month is in your cycle history:
        {options.Link(PracticeLink + "/cycles")}

        You get this e-mail because your care is recorded in the routine data LearningHealth gives feedback on.
        """;

    /// <summary>Every clinician's result in a period, for each of the indicators with a row for it.</summary>
    private static List<ClinicianIndicatorResult> ForPeriod(string analytics, DateOnly period, IReadOnlyList<IndicatorDefinition> indicators)
    {
        var results = new List<ClinicianIndicatorResult>();
        foreach (var indicator in indicators)
        {
            results.AddRange(ReadIndicatorResults.ForIndicator(analytics, indicator.Id, "clinician")
                .Where(r => r.PeriodStart == period)
                .Select(r => new ClinicianIndicatorResult(indicator, r)));
        }

        return results;
    }

    /// <summary>The latest period with results before <paramref name="before"/> (the current month: it is not complete).</summary>
    internal static DateOnly? LatestPeriodBefore(string analytics, DateOnly before)
    {
        using var connection = ComputeIndicators.Open(analytics, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT max(period_start) FROM {ComputeIndicators.ResultsTable} WHERE period_start < CAST($1 AS DATE)";
        command.Parameters.Add(new DuckDBParameter(before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        try
        {
            return AsDate(command.ExecuteScalar());
        }
        catch (DuckDBException)
        {
            return null; // no results table yet
        }
    }

    /// <summary>The latest consultation date in the data: how fresh the feedback is.</summary>
    internal static DateOnly? DataUpTo(string analytics)
    {
        using var connection = ComputeIndicators.Open(analytics, readOnly: true);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(CAST(start_date AS DATE)) FROM encounter_flat";
        try
        {
            return AsDate(command.ExecuteScalar());
        }
        catch (DuckDBException)
        {
            return null; // the encounter view is not materialised
        }
    }

    private static DateOnly? AsDate(object? value) => value switch
    {
        DateOnly date => date,
        DateTime time => DateOnly.FromDateTime(time),
        null or DBNull => null,
        _ => DateOnly.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
    };

    public static string Month(DateOnly period) => period.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback cycle {Month} {State}: {Notified} notified, {Emailed} e-mailed, {Failed} e-mail failure(s)")]
    private partial void LogPublished(string month, string state, int notified, int emailed, int failed);
}
