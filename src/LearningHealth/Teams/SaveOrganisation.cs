using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public sealed record OrganisationCommand(Guid? Id, long Version, string Name, OrganisationKind Kind, string? OdsCode);

/// <summary>Adds or edits an organisation whose people work in the LHS.</summary>
public sealed class SaveOrganisation(AppDbContext db)
{
    public async Task<Outcome<Guid>> HandleAsync(OrganisationCommand command, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(command.Name))
        {
            return new Problem("Enter the organisation's name.", nameof(command.Name));
        }

        if (await db.Organisations.AnyAsync(o => o.Name == command.Name.Trim() && o.Id != command.Id, cancellationToken))
        {
            return new Problem($"An organisation called {command.Name.Trim()} already exists.", nameof(command.Name), ProblemKind.Conflict);
        }

        Organisation? organisation;
        if (command.Id is { } id)
        {
            organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
            if (organisation is null)
            {
                return new Problem("That organisation no longer exists.", Kind: ProblemKind.NotFound);
            }

            db.Entry(organisation).Property(o => o.Version).OriginalValue = command.Version;
        }
        else
        {
            organisation = new Organisation { Name = "" };
            db.Organisations.Add(organisation);
        }

        organisation.Name = command.Name.Trim();
        organisation.Kind = command.Kind;
        organisation.OdsCode = string.IsNullOrWhiteSpace(command.OdsCode) ? null : command.OdsCode.Trim().ToUpperInvariant();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else saved this organisation after you opened it. Reload the page and try again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<Guid>.Ok(organisation.Id);
    }
}
