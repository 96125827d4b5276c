using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;

namespace LearningHealth.Feedback;

public sealed record GetPeerViewQuery(Viewer Viewer, Guid InitiativeId, string IndicatorId);

/// <summary>
/// One clinician of the team in the latest period. <see cref="Label"/> is their name for a Lead of the team, the
/// viewer's own name for their own row, and "Clinician A", "Clinician B", … otherwise. Counts are null when hidden.
/// </summary>
public sealed record PeerRow(string Label, bool IsViewer, long? Numerator, long? Denominator, double? Value, double? CiLower, double? CiUpper, FunnelFlag? Flag95, FunnelFlag? Flag998, bool Charted, bool Hidden);

public sealed record PeerView(FeedbackTeam Team, IndicatorDefinition Indicator, DateOnly? Period, IReadOnlyList<PeerRow> Rows);

/// <summary>
/// A team's clinicians on one indicator in the latest period, with each one's position on the funnel of all
/// clinicians (the stored flags). Rules (enforced here, not only by the page's policy): a Lead of the team sees
/// names; a member sees their own name and anonymous peers, and a peer's counts are hidden where they are flagged for
/// small-number suppression; Analysts and Admins see anonymous peers; anyone else is refused
/// (<see cref="FeedbackTeams"/>).
/// </summary>
public sealed class GetPeerView(FeedbackTeams teams, DatabaseOptions database, IndicatorCatalog catalog)
{
    public async Task<Guarded<PeerView>> HandleAsync(GetPeerViewQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var indicator = catalog.Find(query.IndicatorId);
        if (indicator is null)
        {
            return Guarded<PeerView>.NotFound($"There is no indicator '{query.IndicatorId}'.");
        }

        var access = await teams.AccessAsync(query.Viewer, query.InitiativeId, cancellationToken);
        if (!access.Allowed)
        {
            return new Guarded<PeerView>(null, access.Refused, access.Message);
        }

        var team = access.Value!;
        var rows = ReadIndicatorResults.ForIndicator(AnalyticsDatabase.PathIn(database.DataDirectory), indicator.Id, "clinician");
        if (rows.Count == 0)
        {
            return Guarded<PeerView>.Ok(new PeerView(team, indicator, null, []));
        }

        var period = rows.Max(r => r.PeriodStart);
        var latest = rows.Where(r => r.PeriodStart == period).ToDictionary(r => r.Unit, StringComparer.Ordinal);
        var named = team.Visibility == PeerVisibility.Named;
        var result = new List<PeerRow>();
        var letter = 0;
        foreach (var clinician in team.Clinicians.OrderBy(c => named ? c.DisplayName : PeerLabels.Order(c.PractitionerKey), StringComparer.Ordinal))
        {
            var self = query.Viewer.PersonId == clinician.PersonId;
            var label = named || self ? clinician.DisplayName : $"Clinician {PeerLabels.Letter(letter++)}";
            if (!latest.TryGetValue(clinician.PractitionerKey, out var row))
            {
                result.Add(new PeerRow(label, self, 0, 0, null, null, null, null, null, false, false));
                continue;
            }

            var hidden = !named && !self && !StoredFlags.Publishable(row);
            result.Add(hidden
                ? new PeerRow(label, self, null, null, null, null, null, null, null, StoredFlags.Charted(row), true)
                : new PeerRow(label, self, row.Numerator, row.Denominator, row.Value, row.CiLower, row.CiUpper,
                    StoredFlags.Flag(row.FunnelFlag95), StoredFlags.Flag(row.FunnelFlag998), StoredFlags.Charted(row), false));
        }

        // Anonymous rows in label order, the viewer first; named rows by name.
        var ordered = result.OrderByDescending(r => r.IsViewer).ThenBy(r => r.Label, StringComparer.Ordinal).ToList();
        return Guarded<PeerView>.Ok(new PeerView(team, indicator, period, ordered));
    }
}
