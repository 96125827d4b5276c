namespace LearningHealth.Composition;

/// <summary>
/// A greedy baseline for comparison: scarcest competencies first, then roles, then leads, each time taking the
/// cheapest person who helps; then FTE to the cheapest members, spare time before overload. Scored with the same
/// weights as the solver.
/// </summary>
public static class GreedyTeam
{
    public static ProposedTeam Propose(CompositionProblem problem, CompositionOptions options)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var prep = Preparation.Create(problem, options);
        watch.Stop();
        return Proposals.Build(prep, prep.Greedy, 1, SolveQuality.Heuristic, null, watch.Elapsed);
    }

    internal static List<PlannedMember> Plan(Preparation prep)
    {
        var pool = prep.Exact;
        var chosen = new List<PersonFacts>(pool.Where(p => p.Forced));
        var inTeam = chosen.Select(p => p.Index).ToHashSet();
        var max = prep.Options.MaxTeamSize ?? int.MaxValue;
        var competencies = prep.Problem.Competencies;

        bool Add(PersonFacts? person)
        {
            if (person is null || chosen.Count >= max)
            {
                return false;
            }

            chosen.Add(person);
            inTeam.Add(person.Index);
            return true;
        }

        long UnitCost(PersonFacts p) => (p.Cost * (long)p.MinFte) + CompositionWeights.PerMember + (p.EndsEarly ? CompositionWeights.EngagementEndsEarly : 0);

        int Missing(int c) => competencies[c].Holders - chosen.Count(p => p.Holds.Contains(c));

        foreach (var c in Enumerable.Range(0, competencies.Count).OrderBy(c => pool.Count(p => p.Holds.Contains(c))))
        {
            while (Missing(c) > 0)
            {
                var best = pool.Where(p => !inTeam.Contains(p.Index) && p.Holds.Contains(c))
                    .OrderBy(p => (double)UnitCost(p) / (1 + p.Holds.Count(h => h != c && Missing(h) > 0)))
                    .ThenByDescending(p => p.Spare)
                    .FirstOrDefault();
                if (!Add(best))
                {
                    break;
                }
            }
        }

        var roles = prep.Problem.Roles;
        for (var r = 0; r < roles.Count; r++)
        {
            var role = r;
            while (chosen.Count(p => p.Roles.Contains(role)) < roles[role].Count)
            {
                var best = pool.Where(p => !inTeam.Contains(p.Index) && p.Roles.Contains(role))
                    .OrderBy(UnitCost).ThenByDescending(p => p.Spare).FirstOrDefault();
                if (!Add(best))
                {
                    break;
                }
            }

            if (roles[role].LeadRequired && !chosen.Any(p => p.Roles.Contains(role) && p.CanLead))
            {
                Add(pool.Where(p => !inTeam.Contains(p.Index) && p.Roles.Contains(role) && p.CanLead)
                    .OrderBy(UnitCost).ThenByDescending(p => p.Spare).FirstOrDefault());
            }
        }

        // Roles: fill each role's count, leads first, then put everyone else in their first role.
        var roleOf = chosen.ToDictionary(p => p.Index, _ => -1);
        for (var r = 0; r < roles.Count; r++)
        {
            var role = r;
            foreach (var p in chosen.Where(p => roleOf[p.Index] < 0 && p.Roles.Contains(role))
                .OrderByDescending(p => roles[role].LeadRequired && p.CanLead).ThenBy(p => p.Cost).Take(roles[role].Count))
            {
                roleOf[p.Index] = role;
            }
        }

        foreach (var p in chosen.Where(p => roleOf[p.Index] < 0 && p.Roles.Length > 0))
        {
            roleOf[p.Index] = p.Roles[0];
        }

        var fte = chosen.ToDictionary(p => p.Index, p => p.MinFte);
        for (var r = 0; r < roles.Count; r++)
        {
            var role = r;
            var members = chosen.Where(p => roleOf[p.Index] == role).OrderBy(p => p.Cost).ThenByDescending(p => p.Spare).ToList();
            foreach (var overload in new[] { false, true })
            {
                foreach (var p in members)
                {
                    var needed = prep.RoleFte[role] - members.Sum(m => fte[m.Index]);
                    if (needed <= 0)
                    {
                        break;
                    }

                    var ceiling = overload ? p.MaxFte : Math.Clamp(p.Spare, 0, p.MaxFte);
                    fte[p.Index] = Math.Max(fte[p.Index], Math.Min(ceiling, fte[p.Index] + needed));
                }
            }
        }

        var plan = new List<PlannedMember>();
        var led = new HashSet<int>();
        foreach (var p in chosen)
        {
            var role = roleOf[p.Index];
            var isLead = role >= 0 && roles[role].LeadRequired && p.CanLead && led.Add(role);
            plan.Add(new PlannedMember(p.Index, role, fte[p.Index], isLead));
        }

        return plan;
    }
}
