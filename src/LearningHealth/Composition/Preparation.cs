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
    /// <summary>Everyone who could be in an optimal team (after dominance), before any shortlist per requirement.</summary>
    public List<PersonFacts> Exact { get; } = [];
    /// <summary>The greedy team over <see cref="Exact"/>: the baseline, and the solver's starting point.</summary>
    public List<PlannedMember> Greedy { get; private set; } = [];
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

    /// <summary>
    /// The most members of one discipline group an optimal team can have: each role needs at most
    /// max(count, FTE ÷ minimum FTE) members (any more all give the minimum and one could leave at no loss), and
    /// every other member must be one of the holders some competency needs.
    /// </summary>
    private int UsefulFrom(PersonFacts person)
    {
        var minFte = Math.Max(1, MinFte);
        var holders = Problem.Competencies.Sum(c => c.Holders);
        var roles = Problem.Roles.Select((r, i) => (r, i)).Where(t => t.r.Group == person.Person.Group)
            .Sum(t => Math.Max(t.r.Count, (RoleFte[t.i] + minFte - 1) / minFte));
        var useful = roles + holders;
        return Options.MaxTeamSize is { } max ? Math.Min(useful, max) : useful;
    }

    private void ChooseCandidates()
    {
        // People who can meet no requirement only add cost, so are left out (unless the Lead includes them by name).
        var relevant = People
            .Where(p => p.ExcludedBecause is null)
            .Where(p => p.Forced || p.Roles.Length > 0 || p.Holds.Length > 0 || (Options.PreferDevelopment && p.OneShort.Length > 0))
            .ToList();
        var masks = relevant.ToDictionary(p => p.Index, p => (Holds: Mask(p.Holds), Short: Options.PreferDevelopment ? Mask(p.OneShort) : [], Roles: Mask(p.Roles)));

        // Dominance: A dominates B when A can do everything B can at no greater cost (the same or more roles and
        // competencies, as much spare time and engagement, no dearer, no more constrained). If an optimal team uses
        // B while as many dominators as that team could hold from B's group exist, one of them is unused and could
        // take B's place at no loss; so B can be left out. Visiting people in an order where dominators come first,
        // only kept people need checking (dominance is transitive).
        var ordered = relevant
            .OrderByDescending(p => p.Forced)
            .ThenByDescending(p => p.Roles.Length + p.Holds.Length + (Options.PreferDevelopment ? p.OneShort.Length : 0))
            .ThenByDescending(p => p.Spare).ThenByDescending(p => p.MaxFte).ThenBy(p => p.Cost)
            .ThenBy(p => p.EndsEarly).ThenBy(p => p.Capped).ThenByDescending(p => p.CanLead).ThenBy(p => p.Index)
            .ToList();
        var kept = new List<PersonFacts>();
        var useful = new Dictionary<DisciplineGroup, int>();
        foreach (var b in ordered)
        {
            if (!b.Forced)
            {
                if (!useful.TryGetValue(b.Person.Group, out var limit))
                {
                    limit = useful[b.Person.Group] = UsefulFrom(b);
                }

                var mb = masks[b.Index];
                var dominators = 0;
                foreach (var a in kept)
                {
                    if (!a.Forced && Dominates(a, masks[a.Index], b, mb) && ++dominators >= limit)
                    {
                        break;
                    }
                }

                if (dominators >= limit)
                {
                    continue;
                }
            }

            kept.Add(b);
        }

        Exact.AddRange(kept);
        Greedy = GreedyTeam.Plan(this);
        if (Options.ShortlistPerRequirement > 0 && kept.Count > Options.ShortlistAbove)
        {
            var shortlist = Shortlist(Options.ShortlistPerRequirement);
            kept = [.. kept.Where(p => shortlist.Contains(p.Index))];
        }

        // Identical people (same everything) are interchangeable: the solver takes them in order.
        foreach (var group in kept.GroupBy(p => p.Forced ? $"forced:{p.Index}" : string.Join(
            "|", string.Join(",", p.Roles), string.Join(",", p.Holds), Options.PreferDevelopment ? string.Join(",", p.OneShort) : "",
            p.Cost, p.EndsEarly, p.Capped, p.CanLead, p.Spare, p.MaxFte, p.MinFte)))
        {
            var run = new List<int>();
            foreach (var person in group)
            {
                run.Add(Candidates.Count);
                Candidates.Add(person);
            }

            FlushRun(run);
        }
    }

    /// <summary>
    /// The people worth offering the solver: for each requirement, the few who meet it most cheaply, plus everyone
    /// the Lead includes and everyone in the greedy team (so the solver's team is never worse than greedy's).
    /// </summary>
    private HashSet<int> Shortlist(int perRequirement)
    {
        var keep = Exact.Where(p => p.Forced).Select(p => p.Index).Concat(Greedy.Select(m => m.Person)).ToHashSet();
        long Joining(PersonFacts p) => (p.Cost * (long)p.MinFte) + CompositionWeights.PerMember + (p.EndsEarly ? CompositionWeights.EngagementEndsEarly : 0);

        for (var c = 0; c < Problem.Competencies.Count; c++)
        {
            var competency = c;
            var holders = Exact.Where(p => p.Holds.Contains(competency)).ToList();
            var take = perRequirement * Math.Max(1, Problem.Competencies[c].Holders);
            keep.UnionWith(holders.OrderBy(p => (double)Joining(p) / p.Holds.Length).ThenByDescending(p => p.Spare).Take(take).Select(p => p.Index));
            keep.UnionWith(holders.OrderBy(Joining).ThenByDescending(p => p.Spare).Take(take).Select(p => p.Index));
        }

        for (var r = 0; r < Problem.Roles.Count; r++)
        {
            var role = r;
            var share = RoleFte[r] / Math.Max(1, Problem.Roles[r].Count);
            long Giving(PersonFacts p)
            {
                var fte = Math.Clamp(share, p.MinFte, p.MaxFte);
                return Joining(p) + (p.Cost * (long)(fte - p.MinFte)) + (CompositionWeights.OverloadPerHundredth * Math.Max(0, fte - Math.Max(0, p.Spare)));
            }

            var members = Exact.Where(p => p.Roles.Contains(role)).ToList();
            var take = perRequirement + (2 * Problem.Roles[r].Count);
            keep.UnionWith(members.OrderBy(Giving).ThenByDescending(p => p.Spare).Take(take).Select(p => p.Index));
            keep.UnionWith(members.OrderByDescending(p => p.Spare).ThenBy(p => p.Cost).Take(take).Select(p => p.Index));
            if (Problem.Roles[r].LeadRequired)
            {
                keep.UnionWith(members.Where(p => p.CanLead).OrderBy(Giving).Take(perRequirement).Select(p => p.Index));
            }
        }

        return keep;
    }

    private static bool Dominates(PersonFacts a, (ulong[] Holds, ulong[] Short, ulong[] Roles) ma, PersonFacts b, (ulong[] Holds, ulong[] Short, ulong[] Roles) mb) =>
        a.Spare >= b.Spare && a.MaxFte >= b.MaxFte && a.MinFte == b.MinFte && a.Cost <= b.Cost
        && (!a.EndsEarly || b.EndsEarly) && (!a.Capped || b.Capped) && (a.CanLead || !b.CanLead)
        && a.Person.Group == b.Person.Group
        && Covers(ma.Roles, mb.Roles) && Covers(ma.Holds, mb.Holds) && Covers(ma.Short, mb.Short);

    private static bool Covers(ulong[] a, ulong[] b)
    {
        for (var k = 0; k < b.Length; k++)
        {
            if ((b[k] & ~(k < a.Length ? a[k] : 0UL)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static ulong[] Mask(int[] items)
    {
        if (items.Length == 0)
        {
            return [];
        }

        var mask = new ulong[(items.Max() / 64) + 1];
        foreach (var i in items)
        {
            mask[i / 64] |= 1UL << (i % 64);
        }

        return mask;
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
