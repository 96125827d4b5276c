using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public sealed record EngagementView(Guid Id, EngagementType Type, string Organisation, string? RoleTitle, decimal Fte, DateOnly StartDate, DateOnly? EndDate, bool Current, long Version);

public sealed record PersonDetails(
    Guid Id,
    string Name,
    DisciplineGroup Discipline,
    ClinicalProfession? Profession,
    string? Email,
    string? Phone,
    string? RegistrationBody,
    string? RegistrationNumber,
    IReadOnlyList<EngagementView> Engagements);

/// <summary>One person with their whole engagement history, newest first.</summary>
public sealed class GetPerson(AppDbContext db, TimeProvider clock)
{
    /// <param name="includeContactDetails">Whether the viewer may see everyone's contact details; a lead's are always shown.</param>
    public async Task<PersonDetails?> HandleAsync(Guid id, bool includeContactDetails, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking()
            .Include(p => p.Engagements).ThenInclude(e => e.Organisation)
            .FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        includeContactDetails = includeContactDetails || (await Leads.PersonIdsAsync(db, cancellationToken)).Contains(id);
        return new PersonDetails(
            person.Id,
            person.DisplayName,
            person.Discipline,
            person.Profession,
            includeContactDetails ? person.Email : null,
            includeContactDetails ? person.Phone : null,
            person.RegistrationBody,
            person.RegistrationNumber,
            person.Engagements
                .OrderByDescending(e => e.StartDate)
                .Select(e => new EngagementView(e.Id, e.Type, e.Organisation?.Name ?? "", e.RoleTitle, e.Fte, e.StartDate, e.EndDate, e.IsCurrentOn(today), e.Version))
                .ToList());
    }
}
