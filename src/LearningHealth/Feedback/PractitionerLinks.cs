using DuckDB.NET.Data;
using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>A person in the team matched to the Practitioner key their care is recorded under (a clinician unit).</summary>
public sealed record PractitionerLink(Guid PersonId, string DisplayName, string PractitionerKey);

/// <summary>
/// Matches people in the team to Practitioners in routine data by professional registration: a person's
/// registration number (GMC, NMC, …) against the Practitioner identifiers in the <c>practitioner_flat</c> view. The
/// register's identifier system must match when it is known; a number alone matches only when the register is not.
/// Indicator results for clinicians are keyed by Practitioner key, so this is how feedback reaches the right person
/// and how named peer views get names.
/// </summary>
public sealed class PractitionerLinks(AppDbContext db, DatabaseOptions database)
{
    public const string View = "practitioner_flat";

    /// <summary>Every clinician in the team who has a Practitioner in routine data.</summary>
    public async Task<IReadOnlyList<PractitionerLink>> AllAsync(CancellationToken cancellationToken = default)
    {
        var people = await db.People.AsNoTracking()
            .Where(p => p.RegistrationNumber != null && p.RegistrationNumber != "")
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.RegistrationBody, p.RegistrationNumber })
            .ToListAsync(cancellationToken);
        var identifiers = AnalyticsReadCache.GetOrRead(AnalyticsDatabase.PathIn(database.DataDirectory), "practitioner-identifiers", ReadIdentifiers);
        var links = new List<PractitionerLink>();
        foreach (var person in people)
        {
            var system = ProfessionalRegisters.SystemFor(person.RegistrationBody);
            var match = identifiers.FirstOrDefault(i => i.Value == person.RegistrationNumber && (system is null || i.System == system));
            if (match is not null)
            {
                links.Add(new PractitionerLink(person.Id, $"{person.GivenName} {person.FamilyName}", match.Key));
            }
        }

        return links;
    }

    /// <summary>The Practitioner key of one person, or null when their care is not in routine data.</summary>
    public async Task<string?> ForPersonAsync(Guid personId, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).FirstOrDefault(l => l.PersonId == personId)?.PractitionerKey;

    private sealed record Identifier(string Key, string? System, string Value);

    private List<Identifier> ReadIdentifiers()
    {
        var path = AnalyticsDatabase.PathIn(database.DataDirectory);
        var identifiers = new List<Identifier>();
        if (!File.Exists(path))
        {
            return identifiers;
        }

        using var connection = ComputeIndicators.Open(path, readOnly: true);
        if (!ComputeIndicators.TableExists(connection, View))
        {
            return identifiers;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, identifier_system, identifier_value FROM {View} WHERE identifier_value IS NOT NULL";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            identifiers.Add(new Identifier(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
        }

        return identifiers;
    }
}
