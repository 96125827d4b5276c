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
        for (var rank = 1; rank <= Math.Max(1, options.Alternatives); rank++)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
            teams.Add(Proposals.Build(prep, greedy, 1, SolveQuality.Heuristic, double.NaN, TimeSpan.Zero));
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
        private readonly IntVar[] f;
        private readonly Dictionary<(int Candidate, int Role), BoolVar> y = [];
        private readonly Dictionary<(int Candidate, int Role), IntVar> g = [];
        private readonly Dictionary<(int Candidate, int Role), BoolVar> lead = [];

        public Model(Preparation prep)
        {
            this.prep = prep;
            var candidates = prep.Candidates;
            var roles = prep.Problem.Roles;
            var objective = LinearExpr.NewBuilder();
            x = new BoolVar[candidates.Count];
            f = new IntVar[candidates.Count];
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
                var fi = f[i] = model.NewIntVar(0, p.MaxFte, $"f{i}");
                if (p.Forced)
                {
                    model.Add(xi == 1);
                }

                var inRoles = LinearExpr.NewBuilder();
                var fteInRoles = LinearExpr.NewBuilder();
                foreach (var r in p.Roles)
                {
                    var yir = y[(i, r)] = model.NewBoolVar($"y{i}_{r}");
                    var gir = g[(i, r)] = model.NewIntVar(0, p.MaxFte, $"g{i}_{r}");
                    model.Add(gir <= p.MaxFte * yir);
                    model.Add(gir >= p.MinFte * yir);
                    inRoles.Add(yir);
                    fteInRoles.Add(gir);
                    roleCount[r].Add(yir);
                    roleFte[r].Add(gir);
                    if (roles[r].LeadRequired && p.CanLead)
                    {
                        var lir = lead[(i, r)] = model.NewBoolVar($"l{i}_{r}");
                        model.AddImplication(lir, yir);
                        leads[r].Add(lir);
                    }
                }

                // A member in a role gives that role their FTE; a member in no role gives the minimum.
                model.Add(inRoles <= xi);
                model.Add(fi == fteInRoles + (p.MinFte * (xi - (LinearExpr)inRoles)));

                var overload = model.NewIntVar(0, p.MaxFte, $"o{i}");
                model.Add(overload >= fi - Math.Max(0, p.Spare));
                objective.AddTerm(fi, p.Cost);
                objective.AddTerm(overload, CompositionWeights.OverloadPerHundredth);
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
                    model.Add(roleCount[r] + shortBy >= roles[r].Count);
                    objective.AddTerm(shortBy, CompositionWeights.Unmet);
                }

                if (prep.RoleFte[r] > 0)
                {
                    var shortBy = model.NewIntVar(0, prep.RoleFte[r], $"sf{r}");
                    model.Add(roleFte[r] + shortBy >= prep.RoleFte[r]);
                    objective.AddTerm(shortBy, CompositionWeights.FteShortPerHundredth);
                }

                // A role gets the FTE it needs and no more, unless its members' minimum FTE adds up to more: so no
                // one is given time the work does not need (which would also dilute the cap on engagement types).
                var many = model.NewBoolVar($"many{r}");
                model.Add(roleFte[r] <= prep.RoleFte[r]).OnlyEnforceIf(many.Not());
                model.Add(roleFte[r] - (prep.MinFte * (LinearExpr)roleCount[r]) <= 0).OnlyEnforceIf(many);

                if (roles[r].LeadRequired)
                {
                    var missing = model.NewBoolVar($"nl{r}");
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
                model.Add(holders[c] + shortBy >= need);
                objective.AddTerm(shortBy, CompositionWeights.Unmet);
                if (prep.Options.PreferDevelopment && holderLists[c].Count > 0)
                {
                    var cv = covered[c] = model.NewBoolVar($"cv{c}");
                    model.Add(LinearExpr.Sum(holderLists[c]) >= cv);
                }
            }

            // The cap on some engagement types: 100 × their FTE − cap% × all FTE, above zero, is penalised.
            var totalMax = candidates.Sum(p => (long)p.MaxFte) * 100;
            var excess = model.NewIntVar(0, Math.Max(0, totalMax), "capExcess");
            model.Add(excess >= (100 * (LinearExpr)capped) - (prep.Options.CappedSharePercent * (LinearExpr)all));
            objective.AddTerm(excess, CompositionWeights.CapExcessPerUnit);

            if (prep.Options.MaxTeamSize is { } max)
            {
                var over = model.NewIntVar(0, candidates.Count, "sizeExcess");
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

        public (List<PlannedMember> Plan, SolveQuality Quality, double Gap, TimeSpan Elapsed)? Solve(CancellationToken cancellationToken)
        {
            var solver = new CpSolver
            {
                StringParameters = string.Create(
                    CultureInfo.InvariantCulture,
                    $"max_time_in_seconds:{prep.Options.TimeLimit.TotalSeconds} num_workers:{Math.Max(1, prep.Options.Workers)} random_seed:1"),
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
        }
    }
}
