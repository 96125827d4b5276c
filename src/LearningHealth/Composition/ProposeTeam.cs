using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Composition;

public sealed record ProposeTeamCommand(Guid InitiativeId, CompositionOptions Options);

/// <summary>
/// Proposes the best teams for an initiative from everyone with a current engagement: loads the requirements,
/// people, their spare time (engagement FTE less FTE in other open initiatives) and competency levels, then solves.
/// </summary>
public sealed class ProposeTeam(AppDbContext db, ICompetencyLevels levels, TimeProvider clock)
{
    public async Task<Outcome<CompositionResult>> HandleAsync(ProposeTeamCommand command, CancellationToken cancellationToken = default)
    {
        var problem = await LoadAsync(command.InitiativeId, cancellationToken);
        if (problem is null)
        {
            return new Problem("That initiative no longer exists.", Kind: ProblemKind.NotFound);
        }

        var options = command.Options;
        if (options.MaxTeamSize is < 1 or > 200)
        {
            return new Problem("The maximum team size must be between 1 and 200.", "MaxTeamSize");
        }

        if (options.CappedSharePercent is < 0 or > 100)
        {
            return new Problem("The cap must be a percentage from 0 to 100.", "CappedSharePercent");
        }

        if (options.Alternatives is < 1 or > 10)
        {
            return new Problem("Ask for between 1 and 10 teams.", "Alternatives");
        }

        var today = Today();
        options = options with { AsOf = options.AsOf ?? (problem.StartDate > today ? problem.StartDate : today) };
        return Outcome<CompositionResult>.Ok(await Task.Run(() => TeamSolver.Solve(problem, options, cancellationToken), cancellationToken));
    }

    /// <summary>An initiative by id, or by its title (ignoring case) when the text is not an id.</summary>
    public async Task<Guid?> FindAsync(string idOrTitle, CancellationToken cancellationToken = default)
    {
        if (Guid.TryParse(idOrTitle, out var id))
        {
            return await db.Initiatives.AnyAsync(i => i.Id == id, cancellationToken) ? id : null;
        }

        var titles = await db.Initiatives.AsNoTracking().Select(i => new { i.Id, i.Title }).ToListAsync(cancellationToken);
        var match = titles.Where(i => string.Equals(i.Title.Trim(), idOrTitle.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count == 1 ? match[0].Id : null;
    }

    /// <summary>The initiative's requirements and the pool of people with a current engagement, as the solver's input.</summary>
    public async Task<CompositionProblem?> LoadAsync(Guid initiativeId, CancellationToken cancellationToken = default)
    {
        var initiative = await db.Initiatives.AsNoTracking().FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken);
        if (initiative is null)
        {
            return null;
        }

        var today = Today();
        var people = await db.People.AsNoTracking()
            .Select(p => new
            {
                p.Id,
                p.GivenName,
                p.FamilyName,
                p.Discipline,
                p.Profession,
                Engagements = p.Engagements
                    .Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
                    .Select(e => new { e.Type, e.Fte, e.EndDate })
                    .ToList(),
            })
            .ToListAsync(cancellationToken);

        var open = new[] { InitiativeStatus.Proposed, InitiativeStatus.Active, InitiativeStatus.Paused };
        var commitments = await db.InitiativeMembers.AsNoTracking()
            .Where(m => m.InitiativeId != initiativeId && (m.EndDate == null || m.EndDate >= today))
            .Where(m => db.Initiatives.Any(i => i.Id == m.InitiativeId && open.Contains(i.Status)))
            .Select(m => new { m.PersonId, m.Fte })
            .ToListAsync(cancellationToken);
        var committed = commitments.GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.Sum(m => m.Fte));

        var engaged = people.Where(p => p.Engagements.Count > 0).ToList();
        var held = await levels.ForPeopleAsync([.. engaged.Select(p => p.Id)], cancellationToken);
        var candidates = engaged
            .Select(p =>
            {
                // The main engagement (most time) gives the terms; the time is that of every current engagement.
                var main = p.Engagements.OrderByDescending(e => e.Fte).First();
                return new Candidate(
                    p.Id,
                    $"{p.GivenName} {p.FamilyName}",
                    p.Discipline,
                    p.Profession,
                    main.Type,
                    p.Engagements.Sum(e => e.Fte),
                    committed.GetValueOrDefault(p.Id),
                    main.EndDate,
                    held.TryGetValue(p.Id, out var l) ? l : []);
            })
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        return new CompositionProblem(initiative.Title, initiative.StartDate, initiative.EndDate, initiative.Roles, initiative.Competencies, candidates);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
