using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

/// <summary>Filters for the people directory. Every filter is optional.</summary>
public sealed record PeopleQuery(
    string? Search = null,
    DisciplineGroup? Discipline = null,
    EngagementType? EngagementType = null,
    Guid? OrganisationId = null,
    bool EndingSoon = false);

public sealed record PersonSummary(
    Guid Id,
    string Name,
    DisciplineGroup Discipline,
    ClinicalProfession? Profession,
    string? Email,
    EngagementType? EngagementType,
    string? Organisation,
    decimal Fte,
    DateOnly? EndDate);

/// <summary>The people directory: who is in the LHS team now, on what terms.</summary>
public sealed class ListPeople(AppDbContext db, TimeProvider clock)
{
    /// <summary>Engagements ending within this many days count as "ending soon".</summary>
    public const int EndingSoonDays = 90;

    /// <param name="includeContactDetails">Whether the viewer may see everyone's contact details; leads' are always shown.</param>
    public async Task<IReadOnlyList<PersonSummary>> HandleAsync(PeopleQuery query, bool includeContactDetails, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var soon = today.AddDays(EndingSoonDays);
        var people = db.People.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = $"%{query.Search.Trim().ToLowerInvariant()}%";
            people = people.Where(p => EF.Functions.Like(p.GivenName.ToLower(), term)
                || EF.Functions.Like(p.FamilyName.ToLower(), term)
                || (p.Email != null && EF.Functions.Like(p.Email.ToLower(), term)));
        }

        if (query.Discipline is { } discipline)
        {
            people = people.Where(p => p.Discipline == discipline);
        }

        var rows = await people
            .Select(p => new
            {
                Person = p,
                Current = p.Engagements
                    .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
                    .OrderByDescending(e => e.Fte)
                    .Select(e => new { e.Type, e.OrganisationId, OrganisationName = e.Organisation!.Name, e.Fte, e.EndDate })
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var leads = includeContactDetails ? [] : await Leads.PersonIdsAsync(db, cancellationToken);
        return rows
            .Where(r => query.EngagementType is null || r.Current?.Type == query.EngagementType)
            .Where(r => query.OrganisationId is null || r.Current?.OrganisationId == query.OrganisationId)
            .Where(r => !query.EndingSoon || (r.Current?.EndDate is { } end && end <= soon))
            .OrderBy(r => r.Person.FamilyName, StringComparer.CurrentCulture).ThenBy(r => r.Person.GivenName, StringComparer.CurrentCulture)
            .Select(r => new PersonSummary(
                r.Person.Id,
                r.Person.DisplayName,
                r.Person.Discipline,
                r.Person.Profession,
                includeContactDetails || leads.Contains(r.Person.Id) ? r.Person.Email : null,
                r.Current?.Type,
                r.Current?.OrganisationName,
                r.Current?.Fte ?? 0m,
                r.Current?.EndDate))
            .ToList();
    }
}
