using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public sealed record PersonCommand(
    Guid? Id,
    long Version,
    string GivenName,
    string FamilyName,
    string? Email,
    string? Phone,
    DisciplineGroup Discipline,
    ClinicalProfession? Profession,
    string? RegistrationBody,
    string? RegistrationNumber);

public sealed record EngagementCommand(Guid PersonId, EngagementType Type, Guid OrganisationId, string? RoleTitle, decimal Fte, DateOnly StartDate, DateOnly? EndDate);

/// <summary>
/// Adds and edits people and their engagements. An engagement is never deleted: it ends, and stays as history.
/// A person's e-mail and professional registration number must be unique, as imports rely on them to find duplicates.
/// </summary>
public sealed class EditPeople(AppDbContext db)
{
    public async Task<Outcome<Guid>> SavePersonAsync(PersonCommand command, CancellationToken cancellationToken = default)
    {
        var problems = PersonRules.Check(command.GivenName, command.FamilyName, command.Email, command.Discipline, command.Profession);
        var email = PersonRules.NormaliseEmail(command.Email);
        var registration = string.IsNullOrWhiteSpace(command.RegistrationNumber) ? null : command.RegistrationNumber.Trim();
        if (email is not null && await db.People.AnyAsync(p => p.Email == email && p.Id != command.Id, cancellationToken))
        {
            problems.Add(new Problem($"Someone in the directory already has the e-mail address {email}.", nameof(command.Email), ProblemKind.Conflict));
        }

        if (registration is not null && await db.People.AnyAsync(p => p.RegistrationNumber == registration && p.Id != command.Id, cancellationToken))
        {
            problems.Add(new Problem($"Someone in the directory already has registration number {registration}.", nameof(command.RegistrationNumber), ProblemKind.Conflict));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        Person? person;
        if (command.Id is { } id)
        {
            person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (person is null)
            {
                return new Problem("That person is no longer in the directory.", Kind: ProblemKind.NotFound);
            }

            db.Entry(person).Property(p => p.Version).OriginalValue = command.Version;
        }
        else
        {
            person = new Person { GivenName = "", FamilyName = "" };
            db.People.Add(person);
        }

        person.GivenName = command.GivenName.Trim();
        person.FamilyName = command.FamilyName.Trim();
        person.Email = email;
        person.Phone = string.IsNullOrWhiteSpace(command.Phone) ? null : command.Phone.Trim();
        person.Discipline = command.Discipline;
        person.Profession = command.Discipline == DisciplineGroup.Clinician ? command.Profession : null;
        person.RegistrationBody = string.IsNullOrWhiteSpace(command.RegistrationBody) ? null : command.RegistrationBody.Trim();
        person.RegistrationNumber = registration;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else saved this person's details after you opened them. Reload the page to see their changes, then make yours again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<Guid>.Ok(person.Id);
    }

    public async Task<Outcome<Guid>> AddEngagementAsync(EngagementCommand command, CancellationToken cancellationToken = default)
    {
        var problems = PersonRules.CheckEngagement(command.Fte, command.StartDate, command.EndDate);
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == command.OrganisationId, cancellationToken);
        if (organisation is null)
        {
            problems.Add(new Problem("Choose the organisation the person is employed by, seconded from or works for.", nameof(command.OrganisationId)));
        }
        else if (command.Type == EngagementType.PlatformProviderStaff && organisation.Kind != OrganisationKind.PlatformProvider)
        {
            problems.Add(new Problem($"{organisation.Name} is not a platform provider; platform-provider staff are engaged through their vendor.", nameof(command.OrganisationId)));
        }

        if (!await db.People.AnyAsync(p => p.Id == command.PersonId, cancellationToken))
        {
            problems.Add(new Problem("That person is no longer in the directory.", Kind: ProblemKind.NotFound));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var engagement = new Engagement
        {
            PersonId = command.PersonId,
            Type = command.Type,
            OrganisationId = command.OrganisationId,
            RoleTitle = string.IsNullOrWhiteSpace(command.RoleTitle) ? null : command.RoleTitle.Trim(),
            Fte = command.Fte,
            StartDate = command.StartDate,
            EndDate = command.EndDate,
        };
        db.Engagements.Add(engagement);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Ok(engagement.Id);
    }

    public async Task<Outcome<bool>> EndEngagementAsync(Guid engagementId, long version, DateOnly endDate, CancellationToken cancellationToken = default)
    {
        var engagement = await db.Engagements.FirstOrDefaultAsync(e => e.Id == engagementId, cancellationToken);
        if (engagement is null)
        {
            return new Problem("That engagement no longer exists.", Kind: ProblemKind.NotFound);
        }

        if (endDate < engagement.StartDate)
        {
            return new Problem("An engagement cannot end before it starts.", "EndDate");
        }

        db.Entry(engagement).Property(e => e.Version).OriginalValue = version;
        engagement.EndDate = endDate;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else changed this engagement after you opened it. Reload the page and try again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<bool>.Ok(true);
    }
}
