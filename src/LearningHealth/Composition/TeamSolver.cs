using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;

namespace LearningHealth.Composition;

/// <summary>
/// Proposes the best team for an initiative with Google OR-Tools CP-SAT, then distinct alternatives (each re-solve
/// forbids the exact member sets already proposed). Every requirement is soft with a large penalty, so a team always
/// comes back, with a plain explanation of what it leaves unmet. See docs/composition.md for the model.
/// </summary>
public static class TeamSolver
{
    public static CompositionResult Solve(CompositionProblem problem, CompositionOptions options, CancellationToken cancellationToken = default)
    {
        var prep = Preparation.Create(problem, options);
        var model = new Model(prep);
        var teams = new List<ProposedTeam>();
        var notes = new List<string>();
        var missing = options.MustInclude.Count(id => problem.People.All(p => p.Id != id));
        if (missing > 0)
        {
            notes.Add($"{missing} {(missing == 1 ? "person" : "people")} you asked to include {(missing == 1 ? "has" : "have")} no current engagement, so cannot be proposed.");
        }

        for (var rank = 1; rank <= Math.Max(1, options.Alternatives); rank++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rank == 1)
            {
                model.Hint(prep.Greedy);
            }

            var solved = model.Solve(cancellationToken);
            if (solved is null)
            {
                if (rank > 1)
                {
                    notes.Add($"Only {rank - 1} distinct team{(rank - 1 == 1 ? "" : "s")} could be found.");
                }

                break;
            }

            var (plan, quality, gap, elapsed) = solved.Value;
            teams.Add(Proposals.Build(prep, plan, rank, quality, gap, elapsed));
            model.Forbid(plan);
        }

        if (teams.Count == 0)
        {
            // The model always has a solution (every requirement is soft); this only happens when time runs out first.
            var greedy = GreedyTeam.Plan(prep);
            teams.Add(Proposals.Build(prep, greedy, 1, SolveQuality.Heuristic, null, TimeSpan.Zero));
            notes.Add("The solver found no team within the time limit; this team comes from the greedy baseline.");
        }

        return new CompositionResult(problem.Title, teams, notes, prep.Candidates.Count, problem.People.Count);
    }

    /// <summary>The CP-SAT model of one problem; kept between solves so alternatives only add a constraint.</summary>
    private sealed class Model
    {
        private readonly Preparation prep;
        private readonly CpModel model = new();
        private readonly BoolVar[] x;
        private readonly LinearExpr[] f;
        private readonly Dictionary<(int Candidate, int Role), BoolVar> y = [];
        private readonly Dictionary<int, LinearExprBuilder> split = [];
        // Every other variable, with how to compute its value from a planned team, for a complete hint.
        private readonly List<(IntVar Var, Func<HintContext, long> Value)> derived = [];
        private readonly Dictionary<(int Candidate, int Role), BoolVar> lead = [];

        public Model(Preparation prep)
        {
            this.prep = prep;
            var candidates = prep.Candidates;
            var roles = prep.Problem.Roles;
            var objective = LinearExpr.NewBuilder();
            x = new BoolVar[candidates.Count];
            f = new LinearExpr[candidates.Count];
            var all = LinearExpr.NewBuilder();
            var capped = LinearExpr.NewBuilder();
            var size = LinearExpr.NewBuilder();
            var roleCount = roles.Select(_ => LinearExpr.NewBuilder()).ToArray();
            var roleFte = roles.Select(_ => LinearExpr.NewBuilder()).ToArray();
            var leads = roles.Select(_ => LinearExpr.NewBuilder()).ToArray();
            var holders = prep.Problem.Competencies.Select(_ => LinearExpr.NewBuilder()).ToArray();
            var holderLists = prep.Problem.Competencies.Select(_ => new List<BoolVar>()).ToArray();

            for (var i = 0; i < candidates.Count; i++)
            {
                var p = candidates[i];
                var xi = x[i] = model.NewBoolVar($"x{i}");
                if (p.Forced)
                {
                    model.Add(xi == 1);
                }

                // A member who can fill a role fills one and gives it their FTE; anyone else gives the minimum FTE.
                LinearExpr fi;
                if (p.Roles.Length == 0)
                {
                    fi = p.MinFte * (LinearExpr)xi;
                }
                else
                {
                    var fv = model.NewIntVar(0, p.MaxFte, $"f{i}");
                    var at = i;
                    derived.Add((fv, h => h.Fte(at)));
                    model.Add(fv >= p.MinFte * xi);
                    model.Add(fv <= p.MaxFte * xi);
                    fi = fv;
                    var inRoles = LinearExpr.NewBuilder();
                    foreach (var r in p.Roles)
                    {
                        BoolVar yir;
                        LinearExpr gir;
                        if (p.Roles.Length == 1)
                        {
                            yir = xi;
                            gir = fv;
                        }
                        else
                        {
                            yir = model.NewBoolVar($"y{i}_{r}");
                            var gv = model.NewIntVar(0, p.MaxFte, $"g{i}_{r}");
                            var (person, role) = (i, r);
                            derived.Add((gv, h => h.Role(person) == role ? h.Fte(person) : 0));
                            model.Add(gv <= p.MaxFte * yir);
                            model.Add(gv >= p.MinFte * yir);
                            inRoles.Add(yir);
                            FteInRoles(i).Add(gv);
                            gir = gv;
                        }

                        y[(i, r)] = yir;
                        roleCount[r].Add(yir);
                        roleFte[r].Add(gir);
                        if (roles[r].LeadRequired && p.CanLead)
                        {
                            var lir = lead[(i, r)] = model.NewBoolVar($"l{i}_{r}");
                            model.AddImplication(lir, yir);
                            leads[r].Add(lir);
                        }
                    }

                    if (p.Roles.Length > 1)
                    {
                        model.Add(inRoles == xi);
                        model.Add(FteInRoles(i) == fv);
                    }
                }

                f[i] = fi;
                objective.AddTerm(fi, p.Cost);
                if (Math.Max(0, p.Spare) < p.MaxFte)
                {
                    var overload = model.NewIntVar(0, p.MaxFte, $"o{i}");
                    var (person, spare) = (i, Math.Max(0, p.Spare));
                    derived.Add((overload, h => Math.Max(0, h.Fte(person) - spare)));
                    model.Add(overload >= fi - Math.Max(0, p.Spare));
                    objective.AddTerm(overload, CompositionWeights.OverloadPerHundredth);
                }

                objective.AddTerm(xi, CompositionWeights.PerMember + (p.EndsEarly ? CompositionWeights.EngagementEndsEarly : 0));
                all.Add(fi);
                size.Add(xi);
                if (p.Capped)
                {
                    capped.Add(fi);
                }

                foreach (var c in p.Holds)
                {
                    holders[c].Add(xi);
                    holderLists[c].Add(xi);
                }
            }

            for (var r = 0; r < roles.Count; r++)
            {
                if (roles[r].Count > 0)
                {
                    var shortBy = model.NewIntVar(0, roles[r].Count, $"sc{r}");
                    var (role, count) = (r, roles[r].Count);
                    derived.Add((shortBy, h => Math.Max(0, count - h.RoleCount(role))));
                    model.Add(roleCount[r] + shortBy >= roles[r].Count);
                    objective.AddTerm(shortBy, CompositionWeights.Unmet);
                }

                if (prep.RoleFte[r] > 0)
                {
                    var shortBy = model.NewIntVar(0, prep.RoleFte[r], $"sf{r}");
                    var (role, needed) = (r, prep.RoleFte[r]);
                    derived.Add((shortBy, h => Math.Max(0, needed - h.RoleFte(role))));
                    model.Add(roleFte[r] + shortBy >= prep.RoleFte[r]);
                    objective.AddTerm(shortBy, CompositionWeights.FteShortPerHundredth);
                }

                // A role gets the FTE it needs and no more, unless its members' minimum FTE adds up to more: so no
                // one is given time the work does not need (which would also dilute the cap on engagement types).
                var many = model.NewBoolVar($"many{r}");
                var (manyRole, manyNeeded) = (r, prep.RoleFte[r]);
                derived.Add((many, h => h.RoleFte(manyRole) > manyNeeded ? 1 : 0));
                model.Add(roleFte[r] <= prep.RoleFte[r]).OnlyEnforceIf(many.Not());
                model.Add(roleFte[r] - (prep.MinFte * (LinearExpr)roleCount[r]) <= 0).OnlyEnforceIf(many);

                if (roles[r].LeadRequired)
                {
                    var missing = model.NewBoolVar($"nl{r}");
                    var role = r;
                    derived.Add((missing, h => h.HasLead(role) ? 0 : 1));
                    model.Add(leads[r] + missing == 1);
                    objective.AddTerm(missing, CompositionWeights.Unmet);
                }
            }

            var covered = new BoolVar?[prep.Problem.Competencies.Count];
            for (var c = 0; c < prep.Problem.Competencies.Count; c++)
            {
                var need = prep.Problem.Competencies[c].Holders;
                if (need <= 0)
                {
                    continue;
                }

                var shortBy = model.NewIntVar(0, need, $"sh{c}");
                var competency = c;
                derived.Add((shortBy, h => Math.Max(0, need - h.Holders(competency))));
                model.Add(holders[c] + shortBy >= need);
                objective.AddTerm(shortBy, CompositionWeights.Unmet);
                if (prep.Options.PreferDevelopment && holderLists[c].Count > 0)
                {
                    var cv = covered[c] = model.NewBoolVar($"cv{c}");
                    derived.Add((cv, h => h.Holders(competency) > 0 ? 1 : 0));
                    model.Add(LinearExpr.Sum(holderLists[c]) >= cv);
                }
            }

            // The cap on some engagement types: 100 × their FTE − cap% × all FTE, above zero, is penalised.
            var totalMax = candidates.Sum(p => (long)p.MaxFte) * 100;
            var excess = model.NewIntVar(0, Math.Max(0, totalMax), "capExcess");
            derived.Add((excess, h => h.CapExcess));
            model.Add(excess >= (100 * (LinearExpr)capped) - (prep.Options.CappedSharePercent * (LinearExpr)all));
            objective.AddTerm(excess, CompositionWeights.CapExcessPerUnit);

            if (prep.Options.MaxTeamSize is { } max)
            {
                var over = model.NewIntVar(0, candidates.Count, "sizeExcess");
                derived.Add((over, h => Math.Max(0, h.Members - max)));
                model.Add(size - over <= max);
                objective.AddTerm(over, CompositionWeights.Unmet);
            }

            if (prep.Options.PreferDevelopment)
            {
                for (var i = 0; i < candidates.Count; i++)
                {
                    var reachable = candidates[i].OneShort.Where(c => covered[c] is not null).Select(c => covered[c]!).ToList();
                    if (reachable.Count == 0)
                    {
                        continue;
                    }

                    var d = model.NewBoolVar($"d{i}");
                    var (at, reach) = (i, candidates[i].OneShort);
                    derived.Add((d, h => h.InTeam(at) && reach.Any(c => h.Holders(c) > 0) ? 1 : 0));
                    model.AddImplication(d, x[i]);
                    model.Add(LinearExpr.Sum(reachable) >= d);
                    objective.AddTerm(d, -CompositionWeights.Development);
                }
            }

            // Interchangeable people: take them in order, so the solver never weighs swaps that change nothing.
            foreach (var run in prep.Symmetric)
            {
                for (var k = 1; k < run.Count; k++)
                {
                    model.AddImplication(x[run[k]], x[run[k - 1]]);
                }
            }

            model.Minimize(objective);
        }

        private LinearExprBuilder FteInRoles(int candidate) =>
            split.TryGetValue(candidate, out var builder) ? builder : split[candidate] = LinearExpr.NewBuilder();

        /// <summary>Starts the search from a known team (the greedy one), so the solver's answer is never worse.</summary>
        public void Hint(IReadOnlyList<PlannedMember> plan)
        {
            model.ClearHints();
            var h = new HintContext(prep, plan);
            for (var i = 0; i < x.Length; i++)
            {
                var inTeam = h.InTeam(i);
                model.AddHint(x[i], inTeam);
                foreach (var r in prep.Candidates[i].Roles)
                {
                    if (prep.Candidates[i].Roles.Length > 1)
                    {
                        model.AddHint(y[(i, r)], inTeam && h.Role(i) == r);
                    }

                    if (lead.TryGetValue((i, r), out var l))
                    {
                        model.AddHint(l, inTeam && h.Role(i) == r && h.IsLead(i));
                    }
                }
            }

            foreach (var (variable, value) in derived)
            {
                model.AddHint(variable, value(h));
            }
        }

        public (List<PlannedMember> Plan, SolveQuality Quality, double Gap, TimeSpan Elapsed)? Solve(CancellationToken cancellationToken)
        {
            var solver = new CpSolver
            {
                StringParameters = string.Create(
                    CultureInfo.InvariantCulture,
                    $"max_time_in_seconds:{prep.Options.TimeLimit.TotalSeconds} num_workers:{Math.Max(1, prep.Options.Workers)} random_seed:1 {prep.Options.SolverParameters}"),
            };
            using var stop = cancellationToken.Register(solver.StopSearch);
            var watch = Stopwatch.StartNew();
            var status = solver.Solve(model);
            watch.Stop();
            if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            {
                return null;
            }

            var plan = new List<PlannedMember>();
            for (var i = 0; i < x.Length; i++)
            {
                if (!solver.BooleanValue(x[i]))
                {
                    continue;
                }

                var p = prep.Candidates[i];
                var role = p.Roles.Where(r => solver.BooleanValue(y[(i, r)])).DefaultIfEmpty(-1).First();
                var isLead = role >= 0 && lead.TryGetValue((i, role), out var l) && solver.BooleanValue(l);
                plan.Add(new PlannedMember(p.Index, role, (int)solver.Value(f[i]), isLead));
            }

            var objective = solver.ObjectiveValue;
            var bound = solver.BestObjectiveBound;
            var gap = status == CpSolverStatus.Optimal ? 0 : Math.Abs(objective - bound) / Math.Max(1, Math.Abs(objective));
            return (plan, status == CpSolverStatus.Optimal ? SolveQuality.Optimal : SolveQuality.Feasible, gap, watch.Elapsed);
        }

        /// <summary>Forbids exactly this member set: a later team must add or drop at least one person.</summary>
        public void Forbid(IReadOnlyList<PlannedMember> plan)
        {
            var chosen = plan.Select(m => m.Person).ToHashSet();
            var expr = LinearExpr.NewBuilder();
            for (var i = 0; i < x.Length; i++)
            {
                expr.AddTerm(x[i], chosen.Contains(prep.Candidates[i].Index) ? 1 : -1);
            }

            model.Add(expr <= chosen.Count - 1);
            model.ClearHints();
        }
    }

    /// <summary>A planned team seen by candidate position, to compute the hint's values.</summary>
    private sealed class HintContext
    {
        private readonly Dictionary<int, PlannedMember> byCandidate = [];
        private readonly Preparation prep;
        private readonly IReadOnlyList<PlannedMember> plan;

        public HintContext(Preparation prep, IReadOnlyList<PlannedMember> plan)
        {
            this.prep = prep;
            this.plan = plan;
            var position = prep.Candidates.Select((p, i) => (p.Index, i)).ToDictionary(t => t.Index, t => t.i);
            foreach (var member in plan)
            {
                byCandidate[position[member.Person]] = member;
            }

            var total = plan.Sum(m => (long)m.Fte);
            var capped = plan.Where(m => prep.People[m.Person].Capped).Sum(m => (long)m.Fte);
            CapExcess = Math.Max(0, (100 * capped) - (prep.Options.CappedSharePercent * total));
        }

        public long CapExcess { get; }
        public int Members => plan.Count;
        public bool InTeam(int candidate) => byCandidate.ContainsKey(candidate);
        public int Fte(int candidate) => byCandidate.TryGetValue(candidate, out var m) ? m.Fte : 0;
        public int Role(int candidate) => byCandidate.TryGetValue(candidate, out var m) ? m.Role : -1;
        public bool IsLead(int candidate) => byCandidate.TryGetValue(candidate, out var m) && m.Lead;
        public int RoleCount(int role) => plan.Count(m => m.Role == role);
        public int RoleFte(int role) => plan.Where(m => m.Role == role).Sum(m => m.Fte);
        public bool HasLead(int role) => plan.Any(m => m.Role == role && m.Lead);
        public int Holders(int competency) => plan.Count(m => prep.People[m.Person].Holds.Contains(competency));
    }
}
