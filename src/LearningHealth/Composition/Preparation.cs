using LearningHealth.Initiatives;
using LearningHealth.Teams;

namespace LearningHealth.Composition;

/// <summary>What the model needs to know about one person, in integers (FTE in hundredths).</summary>
internal sealed class PersonFacts
{
    public required Candidate Person { get; init; }
    public required int Index { get; init; }
    public required int Spare { get; init; }
    public required int MaxFte { get; init; }
    public required int MinFte { get; init; }
    public required int Cost { get; init; }
    public required bool EndsEarly { get; init; }
    public required bool Capped { get; init; }
    public required bool CanLead { get; init; }
    public required bool Forced { get; init; }
    /// <summary>Why the person cannot be proposed, or null if they can.</summary>
    public string? ExcludedBecause { get; set; }
    public required int[] Roles { get; init; }
    public required int[] Holds { get; init; }
    public required int[] OneShort { get; init; }
    /// <summary>Requirement index → the level the person has, whether or not it counts.</summary>
    public required Dictionary<int, CompetencyLevel> LevelFor { get; init; }
}

/// <summary>One member of a planned team: who, in which role (−1 for none), with how much FTE, and whether they lead it.</summary>
internal sealed record PlannedMember(int Person, int Role, int Fte, bool Lead);

/// <summary>
/// The problem in integers: each person's facts, who can be proposed, and a reduced set of candidates the solver
/// needs (people who can meet no requirement are left out; among interchangeable people only as many as could ever
/// be chosen are kept, the ones with most spare time first).
/// </summary>
internal sealed class Preparation
{
    private Preparation(CompositionProblem problem, CompositionOptions options)
    {
        Problem = problem;
        Options = options;
    }

    public CompositionProblem Problem { get; }
    public CompositionOptions Options { get; }
    public List<PersonFacts> People { get; } = [];
    public List<PersonFacts> Candidates { get; } = [];
    /// <summary>Groups of candidates (by position in <see cref="Candidates"/>) that are interchangeable, in order of preference.</summary>
    public List<List<int>> Symmetric { get; } = [];
    public int[] RoleFte { get; private set; } = [];
    public DateOnly AsOf { get; private set; }
    public int MinFte { get; private set; }

    public static Preparation Create(CompositionProblem problem, CompositionOptions options)
    {
        var prep = new Preparation(problem, options) { AsOf = options.AsOf ?? problem.StartDate };
        prep.RoleFte = [.. problem.Roles.Select(r => Hundredths(r.Fte))];
        var minFte = prep.MinFte = Hundredths(options.MinimumFte);
        var index = 0;
        foreach (var person in problem.People)
        {
            var levels = new Dictionary<int, CompetencyLevel>();
            var holds = new List<int>();
            var oneShort = new List<int>();
            for (var c = 0; c < problem.Competencies.Count; c++)
            {
                var need = problem.Competencies[c];
                var level = person.Levels
                    .Where(l => string.Equals(l.Framework, need.Framework, StringComparison.OrdinalIgnoreCase) && string.Equals(l.Code, need.Code, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(l => Counts(l, options, prep.AsOf)).ThenByDescending(l => l.Level).FirstOrDefault();
                if (level is null)
                {
                    continue;
                }

                levels[c] = level;
                if (Counts(level, options, prep.AsOf) && level.Level >= need.MinimumLevel)
                {
                    holds.Add(c);
                }
                else if (Counts(level, options, prep.AsOf) && level.Level == need.MinimumLevel - 1)
                {
                    oneShort.Add(c);
                }
            }

            var roles = new List<int>();
            for (var r = 0; r < problem.Roles.Count; r++)
            {
                var role = problem.Roles[r];
                if (role.Group == person.Group && (role.Profession is null || role.Profession == person.Profession))
                {
                    roles.Add(r);
                }
            }

            var maxFte = Math.Max(0, Hundredths(person.EngagementFte));
            var facts = new PersonFacts
            {
                Person = person,
                Index = index++,
                Spare = Hundredths(person.SpareFte),
                MaxFte = maxFte,
                MinFte = Math.Min(minFte, maxFte),
                Cost = options.CostOf(person.Engagement),
                EndsEarly = person.EngagementEndDate is { } ends && (problem.EndDate is null || ends < problem.EndDate),
                Capped = options.CappedTypes.Contains(person.Engagement),
                CanLead = options.LeadTypes.Contains(person.Engagement),
                Forced = options.MustInclude.Contains(person.Id),
                Roles = [.. roles],
                Holds = [.. holds],
                OneShort = [.. oneShort],
                LevelFor = levels,
            };
            facts.ExcludedBecause = options.MustExclude.Contains(person.Id) ? "excluded at your request"
                : facts.MaxFte <= 0 ? "gives the LHS no time"
                : facts.EndsEarly && options.EndDates == EndDatePolicy.Exclude && !facts.Forced ? $"engagement ends {person.EngagementEndDate:d MMM yyyy}, before the initiative does"
                : null;
            prep.People.Add(facts);
        }

        prep.ChooseCandidates();
        return prep;
    }

    public static int Hundredths(decimal fte) => (int)Math.Round(fte * 100m, MidpointRounding.AwayFromZero);

    public static decimal Fte(int hundredths) => hundredths / 100m;

    private static bool Counts(CompetencyLevel level, CompositionOptions options, DateOnly asOf) =>
        (level.Confirmed || options.AllowUnconfirmed) && (level.ExpiresOn is null || level.ExpiresOn >= asOf);

    private void ChooseCandidates()
    {
        // An upper bound on how many people from one group of interchangeable people an optimal team could use.
        var useful = Problem.Roles.Sum(r => r.Count + (r.LeadRequired ? 1 : 0)) + Problem.Competencies.Sum(c => c.Holders)
            + RoleFte.Sum(f => (f + Hundredths(Options.MinimumFte) - 1) / Math.Max(1, Hundredths(Options.MinimumFte)));
        if (Options.MaxTeamSize is { } max)
        {
            useful = Math.Min(useful, max);
        }

        var classes = People
            .Where(p => p.ExcludedBecause is null)
            .Where(p => p.Forced || p.Roles.Length > 0 || p.Holds.Length > 0 || (Options.PreferDevelopment && p.OneShort.Length > 0))
            .GroupBy(p => p.Forced ? $"forced:{p.Index}" : string.Join(
                "|",
                string.Join(",", p.Roles),
                string.Join(",", p.Holds),
                Options.PreferDevelopment ? string.Join(",", p.OneShort) : "",
                p.Cost,
                p.EndsEarly,
                p.Capped,
                p.CanLead));
        foreach (var group in classes)
        {
            // Someone with at least as much spare time and as large an engagement dominates: keep a person only while
            // fewer than `useful` kept people dominate them.
            var kept = new List<PersonFacts>();
            foreach (var person in group.OrderByDescending(p => p.Spare).ThenByDescending(p => p.MaxFte).ThenBy(p => p.Index))
            {
                if (kept.Count(k => k.Spare >= person.Spare && k.MaxFte >= person.MaxFte) < useful)
                {
                    kept.Add(person);
                }
            }

            var run = new List<int>();
            PersonFacts? previous = null;
            foreach (var person in kept)
            {
                if (previous is not null && (previous.Spare != person.Spare || previous.MaxFte != person.MaxFte))
                {
                    FlushRun(run);
                }

                run.Add(Candidates.Count);
                Candidates.Add(person);
                previous = person;
            }

            FlushRun(run);
        }
    }

    private void FlushRun(List<int> run)
    {
        if (run.Count > 1)
        {
            Symmetric.Add([.. run]);
        }

        run.Clear();
    }

    /// <summary>Scores a planned team with the same weights the solver minimises, so any two teams compare fairly.</summary>
    public TeamScore Score(IReadOnlyList<PlannedMember> plan)
    {
        var roles = Problem.Roles;
        int countShort = 0, fteShort = 0, leadsMissing = 0;
        for (var r = 0; r < roles.Count; r++)
        {
            var inRole = plan.Where(m => m.Role == r).ToList();
            countShort += Math.Max(0, roles[r].Count - inRole.Count);
            fteShort += Math.Max(0, RoleFte[r] - inRole.Sum(m => m.Fte));
            if (roles[r].LeadRequired && !inRole.Any(m => m.Lead && People[m.Person].CanLead))
            {
                leadsMissing++;
            }
        }

        var holdersShort = 0;
        var held = new HashSet<int>();
        for (var c = 0; c < Problem.Competencies.Count; c++)
        {
            var holders = plan.Count(m => People[m.Person].Holds.Contains(c));
            if (holders > 0)
            {
                held.Add(c);
            }

            holdersShort += Math.Max(0, Problem.Competencies[c].Holders - holders);
        }

        var totalFte = plan.Sum(m => (long)m.Fte);
        var cappedFte = plan.Where(m => People[m.Person].Capped).Sum(m => (long)m.Fte);
        var capExcess = Math.Max(0, (100 * cappedFte) - (Options.CappedSharePercent * totalFte));
        var sizeExcess = Options.MaxTeamSize is { } max ? Math.Max(0, plan.Count - max) : 0;
        var cost = plan.Sum(m => (long)m.Fte * People[m.Person].Cost);
        var overload = plan.Sum(m => Math.Max(0, m.Fte - Math.Max(0, People[m.Person].Spare)));
        var endsEarly = plan.Count(m => People[m.Person].EndsEarly);
        var development = Options.PreferDevelopment ? plan.Count(m => People[m.Person].OneShort.Any(held.Contains)) : 0;
        var objective = (CompositionWeights.Unmet * (countShort + holdersShort + leadsMissing + sizeExcess))
            + (CompositionWeights.FteShortPerHundredth * fteShort)
            + (CompositionWeights.CapExcessPerUnit * capExcess)
            + cost
            + (CompositionWeights.OverloadPerHundredth * overload)
            + (CompositionWeights.PerMember * plan.Count)
            + (CompositionWeights.EngagementEndsEarly * endsEarly)
            - (CompositionWeights.Development * development);
        return new TeamScore(countShort, fteShort, holdersShort, leadsMissing, capExcess, sizeExcess, cost, overload, endsEarly, development, objective);
    }

    /// <summary>How many requirements there are to meet (each role's count, FTE and lead; each competency; the cap; the size limit).</summary>
    public int RequirementsTotal =>
        Problem.Roles.Sum(r => (r.Count > 0 ? 1 : 0) + (r.Fte > 0 ? 1 : 0) + (r.LeadRequired ? 1 : 0)) + Problem.Competencies.Count + 1 + (Options.MaxTeamSize is null ? 0 : 1);

    public static string Describe(RoleRequirement role, bool plural = true) => MakeUpCheck.Describe(role, plural);

    public static string Label(EngagementType type) => TeamLabels.Label(type).ToLowerInvariant();
}
