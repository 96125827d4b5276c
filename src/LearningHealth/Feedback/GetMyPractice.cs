using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>My practice for the signed-in person; <see cref="IndicatorId"/> narrows it to one indicator (the detail page).</summary>
public sealed record GetMyPracticeQuery(Viewer Viewer, string? IndicatorId = null);

/// <summary>A peer on the small funnel: anonymous unless it is the viewer (labelled "You").</summary>
public sealed record FunnelPoint(string Label, long Numerator, long Denominator, bool IsViewer);

/// <summary>A data question about this indicator, with its answer when answered.</summary>
public sealed record PracticeQuestion(Guid Id, DateOnly? PeriodStart, string Question, DataQuestionStatus Status, string? Answer, string? AnsweredByName, DateTime RaisedAt);

/// <summary>An action in response to feedback on this indicator.</summary>
public sealed record PracticeAction(Guid Id, string Action, string Owner, DateOnly StartDate, DateOnly DueDate, FeedbackActionStatus Status);

/// <summary>One indicator's feedback for one clinician.</summary>
public sealed record PracticeIndicator(
    IndicatorDefinition Indicator,
    StoredResult Latest,
    FunnelFlag? Flag95,
    FunnelFlag? Flag998,
    XmrPointType? Variation,
    Assurance? Assurance,
    IReadOnlyList<StoredResult> Periods,
    IReadOnlyList<SeriesPoint> Series,
    IReadOnlyList<DateOnly> Rebases,
    IReadOnlyList<FunnelPoint> Funnel,
    InterpretationResult Interpretation,
    IReadOnlyList<PracticeQuestion> Questions,
    IReadOnlyList<PracticeAction> Actions)
{
    /// <summary>Positions in <see cref="Series"/> where the chart re-bases.</summary>
    public IReadOnlyList<int> RebaseAt => RebasePositions(Series, Rebases);

    public static IReadOnlyList<int> RebasePositions(IReadOnlyList<SeriesPoint> series, IReadOnlyList<DateOnly> rebases) =>
        [.. rebases.Select(d => series.ToList().FindIndex(p => p.Period >= d)).Where(i => i > 0).Distinct().Order()];
}

/// <summary>
/// What the signed-in person sees on My practice. <see cref="Linked"/> is false when the account is not linked to a
/// person in the team or the person has no Practitioner in routine data: the page then explains, without an error.
/// </summary>
public sealed record MyPractice(bool Linked, string Explanation, Guid? PersonId, string? PractitionerKey, Freshness Freshness, IReadOnlyList<PracticeIndicator> Indicators);

/// <summary>
/// My practice: every built-in indicator with clinician results for the viewer's own Practitioner, with the latest
/// charted period, its 95% Wilson interval, the target, the position on the latest funnel among peers, the SPC series
/// with its variation and assurance, and a plain-language interpretation. A clinician only ever gets their own
/// results: the Practitioner is found from the account's person, never from the request.
/// </summary>
public sealed class GetMyPractice(AppDbContext db, PractitionerLinks links, DatabaseOptions database, TimeProvider clock, IndicatorCatalog catalog)
{
    public async Task<MyPractice> HandleAsync(GetMyPracticeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var path = AnalyticsDatabase.PathIn(database.DataDirectory);
        var freshness = DataFreshness.Read(path, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (query.Viewer.PersonId is not { } personId)
        {
            return new MyPractice(false, "Your account is not linked to a person in the team, so there is no practice to show. An administrator can link it.", null, null, freshness, []);
        }

        var key = await links.ForPersonAsync(personId, cancellationToken);
        if (key is null)
        {
            return new MyPractice(false, "We could not find your care in the routine data (matched by professional registration), so there is no feedback for you yet. If you see patients, check that your registration number is recorded on your team record.", personId, null, freshness, []);
        }

        var indicators = catalog.All.Where(i => query.IndicatorId is null || i.Id == query.IndicatorId).ToList();
        var ids = indicators.Select(i => i.Id).ToList();
        var questions = await db.DataQuestions.AsNoTracking().Where(q => q.PersonId == personId && ids.Contains(q.IndicatorId)).ToListAsync(cancellationToken);
        var actions = await db.FeedbackActions.AsNoTracking().Where(a => a.PersonId == personId && ids.Contains(a.IndicatorId)).ToListAsync(cancellationToken);
        var rebases = await db.DefinitionChanges.AsNoTracking()
            .Where(c => c.Kind == DefinitionKind.Indicator && c.Rebase && ids.Contains(c.ItemKey)).Select(c => new { c.ItemKey, c.EffectiveFrom })
            .ToListAsync(cancellationToken);

        var result = new List<PracticeIndicator>();
        foreach (var indicator in indicators)
        {
            var clinicians = ReadIndicatorResults.ForIndicator(path, indicator.Id, "clinician");
            var own = clinicians.Where(r => r.Unit == key).OrderBy(r => r.PeriodStart).ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var latest = own.LastOrDefault(StoredFlags.Charted) ?? own[^1];
            var (flag95, flag998) = Position(clinicians, latest, indicator);
            var series = own.Where(StoredFlags.Charted).Select(r => new SeriesPoint(r.PeriodStart, r.Value!.Value)).ToList();
            var indicatorRebases = rebases.Where(r => r.ItemKey == indicator.Id).Select(r => r.EffectiveFrom).Distinct().Order().ToList();
            var interpretation = Interpretation.Of(new InterpretationInput
            {
                Title = indicator.Title,
                Improvement = indicator.Improvement,
                Target = indicator.Target,
                MinimumDenominator = indicator.MinimumDenominator,
                Period = latest.PeriodStart,
                Numerator = latest.Numerator,
                Denominator = latest.Denominator,
                LaterPeriod = own[^1].PeriodStart > latest.PeriodStart ? own[^1].PeriodStart : null,
                LaterDenominator = own[^1].Denominator,
                Flag95 = flag95,
                Flag998 = flag998,
                Series = series,
                RebaseAt = PracticeIndicator.RebasePositions(series, indicatorRebases),
            });
            result.Add(new PracticeIndicator(
                indicator, latest,
                flag95,
                flag998,
                interpretation.Variation, interpretation.Assurance,
                own, series, indicatorRebases,
                Peers(clinicians, latest.PeriodStart, key),
                interpretation,
                [.. questions.Where(q => q.IndicatorId == indicator.Id).OrderByDescending(q => q.RaisedAt)
                    .Select(q => new PracticeQuestion(q.Id, q.PeriodStart, q.Question, q.Status, q.Answer, q.AnsweredByName, q.RaisedAt))],
                [.. actions.Where(a => a.IndicatorId == indicator.Id).OrderBy(a => a.StartDate)
                    .Select(a => new PracticeAction(a.Id, a.Action, a.Owner, a.StartDate, a.DueDate, a.Status))]));
        }

        var explanation = result.Count == 0 ? "No indicator has results for your practice yet." : "";
        return new MyPractice(true, explanation, personId, key, freshness, result);
    }

    /// <summary>
    /// Where the reported period puts the clinician among all clinicians. For the latest period the stored funnel
    /// flags are used; when the clinician had too few cases in the latest period and an earlier month is reported,
    /// that month's funnel is fitted the same way the computation fits the latest one (<see cref="ProportionFunnel"/>,
    /// PHE Wilson method, over the clinicians with at least the minimum denominator).
    /// </summary>
    private static (FunnelFlag? Flag95, FunnelFlag? Flag998) Position(IReadOnlyList<StoredResult> clinicians, StoredResult latest, IndicatorDefinition indicator)
    {
        if (!StoredFlags.Charted(latest))
        {
            return (null, null);
        }

        if (latest.FunnelFlag998 is not null)
        {
            return (StoredFlags.Flag(latest.FunnelFlag95), StoredFlags.Flag(latest.FunnelFlag998));
        }

        var units = clinicians.Where(r => r.PeriodStart == latest.PeriodStart && r.Denominator >= indicator.MinimumDenominator && StoredFlags.Charted(r))
            .Select(r => new ProportionUnit(r.Unit, r.Numerator, r.Denominator)).ToList();
        var own = ProportionFunnel.Fit(units, ProportionFunnelMethod.Wilson).Units.Single(u => u.Name == latest.Unit);
        return (own.Flag95, own.Flag998);
    }

    /// <summary>
    /// The reported period's charted clinicians for the small funnel. Peers are anonymous, in an order that says nothing
    /// about them (a hash of their key); a peer whose count is flagged for suppression is left out, so no small count
    /// can be read off the chart. The viewer's own point is always there.
    /// </summary>
    private static List<FunnelPoint> Peers(IReadOnlyList<StoredResult> clinicians, DateOnly latestPeriod, string key)
    {
        var points = new List<FunnelPoint>();
        var peers = clinicians
            .Where(r => r.PeriodStart == latestPeriod && StoredFlags.Charted(r) && (r.Unit == key || StoredFlags.Publishable(r)))
            .OrderBy(r => PeerLabels.Order(r.Unit), StringComparer.Ordinal)
            .ToList();
        var n = 0;
        foreach (var row in peers)
        {
            var self = row.Unit == key;
            points.Add(new FunnelPoint(self ? "You" : $"Peer {++n}", row.Numerator, row.Denominator, self));
        }

        return points;
    }
}
