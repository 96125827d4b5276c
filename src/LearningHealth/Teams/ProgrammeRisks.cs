using System.Globalization;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams;

public enum RiskLevel
{
    Low,
    Medium,
    High,
}

/// <summary>A threat to the LHS team, in plain words, with where to act on it.</summary>
public sealed record Risk(RiskLevel Level, string Kind, string Message, string? Link);

/// <summary>
/// Programme-wide risks to the team: groups without a lead, no executive sponsor or an overdue buy-in review,
/// engagements ending soon with no successor (contractors and secondees take their skills with them), and reliance
/// on one platform provider's staff for a role an initiative needs.
/// </summary>
public sealed class ProgrammeRisks(AppDbContext db, TimeProvider clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IReadOnlyList<Risk>> HandleAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var risks = new List<Risk>();

        var people = await db.People.AsNoTracking().Include(p => p.Engagements).ThenInclude(e => e.Organisation).ToListAsync(cancellationToken);
        var current = people.Where(p => p.Engagements.Any(e => e.IsCurrentOn(today))).ToList();
        var leads = await db.ProgrammeLeads.AsNoTracking().Select(l => l.Group).ToListAsync(cancellationToken);
        foreach (var group in current.Select(p => p.Discipline).Distinct().Where(g => !leads.Contains(g)).Order())
        {
            risks.Add(new Risk(RiskLevel.Medium, "no-lead", $"{TeamLabels.Label(group)} have no named lead in the LHS programme.", "/team/leadership"));
        }

        var sponsorship = await db.Sponsorships.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (sponsorship?.SponsorName is null)
        {
            risks.Add(new Risk(RiskLevel.High, "no-sponsor", "The LHS programme has no executive sponsor.", "/team/leadership"));
        }

        if (sponsorship is { ReviewDue: { } due } && due < today)
        {
            risks.Add(new Risk(RiskLevel.High, "buy-in-review-overdue", $"The review of the organisation's buy-in was due on {due.ToString("d MMM yyyy", English)} and is overdue.", "/team/leadership"));
        }

        if (sponsorship is not null && sponsorship.BuyIn is BuyInStatus.NotEngaged or BuyInStatus.Informed)
        {
            risks.Add(new Risk(RiskLevel.Medium, "buy-in-weak", $"Organisational buy-in is only '{Describe(sponsorship.BuyIn)}'.", "/team/leadership"));
        }

        var openInitiatives = await db.Initiatives.AsNoTracking()
            .Where(i => i.Status == InitiativeStatus.Proposed || i.Status == InitiativeStatus.Active || i.Status == InitiativeStatus.Paused)
            .ToListAsync(cancellationToken);
        var members = await LoadMemberFacts.ForAsync(db, openInitiatives.Select(i => i.Id).ToList(), today, cancellationToken);
        var initiativesByPerson = openInitiatives
            .SelectMany(i => members[i.Id].Select(m => (m.PersonId, i.Title)))
            .ToLookup(x => x.PersonId, x => x.Title);

        var soon = today.AddDays(ListPeople.EndingSoonDays);
        foreach (var person in current)
        {
            var ending = person.Engagements.Where(e => e.IsCurrentOn(today) && e.EndDate is { } end && end <= soon).ToList();
            foreach (var engagement in ending)
            {
                var successor = person.Engagements.Any(e => e != engagement && (e.EndDate is null || e.EndDate > engagement.EndDate) && e.StartDate <= engagement.EndDate!.Value.AddDays(1));
                if (successor)
                {
                    continue;
                }

                var work = initiativesByPerson[person.Id].ToList();
                var inWork = work.Count == 0 ? "" : $" They are in {string.Join(", ", work)}.";
                risks.Add(new Risk(
                    work.Count > 0 ? RiskLevel.High : RiskLevel.Medium,
                    "engagement-ending",
                    $"{person.DisplayName} ({TeamLabels.Label(engagement.Type).ToLowerInvariant()}, {engagement.RoleTitle}) leaves on {engagement.EndDate!.Value.ToString("d MMM yyyy", English)} with no extension or successor.{inWork}",
                    $"/team/people/{person.Id}"));
            }
        }

        foreach (var initiative in openInitiatives)
        {
            foreach (var risk in MakeUpCheck.Run(initiative, members[initiative.Id].ToList(), today).Risks.Where(r => r.Contains("platform provider", StringComparison.Ordinal)))
            {
                risks.Add(new Risk(RiskLevel.Medium, "single-vendor", $"{initiative.Title}: {risk}", $"/team/initiatives/{initiative.Id}"));
            }
        }

        return risks.OrderByDescending(r => r.Level).ToList();
    }

    public static string Describe(BuyInStatus status) => status switch
    {
        BuyInStatus.NotEngaged => "not engaged",
        _ => status.ToString().ToLowerInvariant(),
    };
}
