using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>
/// Writes who is in which team into the analytics file (<see cref="ComputeIndicators.TeamMembersTable"/>), so that the
/// computation gives every indicator attributed to clinicians a team level too: a team is an initiative's team, its
/// unit id the initiative's id, and its cases those of its current members who have routine data (linked by
/// professional registration, <see cref="PractitionerLinks"/>). Current members are counted over every period, as
/// the team pages do, so a team's chart shows how the practice of the people in it now has changed, not the comings
/// and goings of members. Run before each computation; an unchanged membership leaves the indicators unchanged.
/// </summary>
public sealed class ExportTeamMembership(AppDbContext db, PractitionerLinks links, DatabaseOptions database, TimeProvider clock)
{
    /// <summary>Replaces the table with the current membership; returns the number of (team, clinician) rows, or null without an analytics file.</summary>
    public async Task<int?> HandleAsync(CancellationToken cancellationToken = default)
    {
        var path = AnalyticsDatabase.PathIn(database.DataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var members = await db.InitiativeMembers.AsNoTracking()
            .Where(m => m.EndDate == null || m.EndDate >= today)
            .Select(m => new { m.InitiativeId, m.PersonId })
            .ToListAsync(cancellationToken);
        var practitioners = (await links.AllAsync(cancellationToken)).ToDictionary(l => l.PersonId, l => l.PractitionerKey);
        var rows = members
            .Where(m => practitioners.ContainsKey(m.PersonId))
            .Select(m => (Team: m.InitiativeId.ToString(), Clinician: practitioners[m.PersonId]))
            .Distinct()
            .OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.Clinician, StringComparer.Ordinal)
            .ToList();

        using var connection = ComputeIndicators.Open(path, readOnly: false);
        using var transaction = connection.BeginTransaction();
        ComputeIndicators.Execute(connection,
            $"CREATE OR REPLACE TABLE {ComputeIndicators.TeamMembersTable} (team_id VARCHAR NOT NULL, clinician_id VARCHAR NOT NULL)");
        using (var appender = connection.CreateAppender(ComputeIndicators.TeamMembersTable))
        {
            foreach (var (team, clinician) in rows)
            {
                appender.CreateRow().AppendValue(team).AppendValue(clinician).EndRow();
            }
        }

        transaction.Commit();
        return rows.Count;
    }
}
