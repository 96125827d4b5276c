using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public sealed record SponsorshipCommand(long Version, string? SponsorName, string? SponsorTitle, string? ApprovingBody, DateOnly? ApprovedOn, BuyInStatus BuyIn, DateOnly? ReviewDue);

/// <summary>Names the programme lead of each discipline group, and records the organisation's sponsorship and buy-in.</summary>
public sealed class ManageLeadership(AppDbContext db)
{
    public async Task<Outcome<bool>> SetLeadAsync(DisciplineGroup group, Guid? personId, CancellationToken cancellationToken = default)
    {
        var existing = await db.ProgrammeLeads.FirstOrDefaultAsync(l => l.Group == group, cancellationToken);
        if (personId is null)
        {
            if (existing is not null)
            {
                db.ProgrammeLeads.Remove(existing);
                await db.SaveChangesAsync(cancellationToken);
            }

            return Outcome<bool>.Ok(true);
        }

        if (!await db.People.AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return new Problem("Choose a person from the directory.", "PersonId");
        }

        if (existing is null)
        {
            db.ProgrammeLeads.Add(new ProgrammeLead { Group = group, PersonId = personId.Value });
        }
        else
        {
            existing.PersonId = personId.Value;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<long>> SaveSponsorshipAsync(SponsorshipCommand command, CancellationToken cancellationToken = default)
    {
        if (command.ApprovedOn is { } approved && command.ReviewDue is { } review && review < approved)
        {
            return new Problem("The review date is before the approval date.", nameof(command.ReviewDue));
        }

        var sponsorship = await db.Sponsorships.FirstOrDefaultAsync(cancellationToken);
        if (sponsorship is null)
        {
            sponsorship = new Sponsorship();
            db.Sponsorships.Add(sponsorship);
        }
        else
        {
            db.Entry(sponsorship).Property(s => s.Version).OriginalValue = command.Version;
        }

        sponsorship.SponsorName = Clean(command.SponsorName);
        sponsorship.SponsorTitle = Clean(command.SponsorTitle);
        sponsorship.ApprovingBody = Clean(command.ApprovingBody);
        sponsorship.ApprovedOn = command.ApprovedOn;
        sponsorship.BuyIn = command.BuyIn;
        sponsorship.ReviewDue = command.ReviewDue;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else saved the sponsorship after you opened it. Reload the page to see their changes, then make yours again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<long>.Ok(sponsorship.Version);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
