using System.Diagnostics;
using System.Globalization;
using LearningHealth.Composition;
using LearningHealth.Composition.Benchmarks;

// Usage: dotnet run -c Release --project bench/LearningHealth.Composition.Benchmarks -- [pool sizes] [--seeds N] [--time-limit seconds] [--shortlist N] [--shortlist-above N] [--params "cp-sat parameters"] [--full-bound]
var sizes = args.Where((a, i) => int.TryParse(a, out _) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
if (sizes.Count == 0)
{
    sizes = [100, 1_000, 10_000];
}

var seeds = Option("--seeds", 5);
var limit = Option("--time-limit", 9.5);
var defaults = new CompositionOptions();
var shortlist = Option("--shortlist", defaults.ShortlistPerRequirement);
var above = Option("--shortlist-above", defaults.ShortlistAbove);
var fullBound = args.Contains("--full-bound");
var parameters = Array.IndexOf(args, "--params") is var at and >= 0 ? args[at + 1] : defaults.SolverParameters;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Team composition benchmark: {seeds} instances per pool size, CP-SAT with 2 workers and a {limit} s limit, shortlist {(shortlist > 0 ? $"{shortlist} per requirement above {above} candidates" : "off")}, parameters {parameters}; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}"));
Console.WriteLine("| Pool | Seed | Needed | Comp. reqs | Candidates | CP-SAT time (s) | Status | Gap | CP-SAT unmet | CP-SAT cost tiers | Greedy time (s) | Greedy unmet | Greedy cost tiers | Objective: greedy − CP-SAT | Gap to full-pool bound |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");

// Warm up the native library and the JIT so the first measured solve is not charged for loading.
TeamSolver.Solve(Instances.Generate(50, 999), new CompositionOptions { TimeLimit = TimeSpan.FromSeconds(1) });

foreach (var size in sizes)
{
    for (var seed = 1; seed <= seeds; seed++)
    {
        var problem = Instances.Generate(size, seed);
        var options = new CompositionOptions { TimeLimit = TimeSpan.FromSeconds(limit), Workers = 2, ShortlistPerRequirement = shortlist, ShortlistAbove = above, SolverParameters = parameters };
        var watch = Stopwatch.StartNew();
        var result = TeamSolver.Solve(problem, options);
        watch.Stop();
        var solver = result.Teams[0];
        var greedyWatch = Stopwatch.StartNew();
        var greedy = GreedyTeam.Propose(problem, options);
        greedyWatch.Stop();

        // With --full-bound, solve again offering every candidate (no shortlist) and compare with its proved bound:
        // the true optimum is at least that bound, so this bounds how far the shortlist's team can be from it.
        var boundGap = "";
        if (fullBound)
        {
            var full = TeamSolver.Solve(problem, options with { ShortlistPerRequirement = 0 }).Teams[0];
            var bound = full.Score.Objective * (1 - (full.Gap ?? 0));
            boundGap = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (solver.Score.Objective - bound) / solver.Score.Objective):P2} ({full.Quality}, {full.Score.Objective:N0} over {full.SolveTime.TotalSeconds:0.0} s)");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {size} | {seed} | {problem.Roles.Sum(r => r.Count)} | {problem.Competencies.Count} | {result.CandidatesConsidered} | {watch.Elapsed.TotalSeconds:0.00} | {solver.Quality} | {solver.Gap:P2} | {solver.Score.RequirementsUnmet} | {solver.Score.CostTiers:N0} | {greedyWatch.Elapsed.TotalSeconds:0.00} | {greedy.Score.RequirementsUnmet} | {greedy.Score.CostTiers:N0} | {greedy.Score.Objective - solver.Score.Objective:N0} | {boundGap} |"));
    }
}

T Option<T>(string name, T fallback) where T : IParsable<T>
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? T.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
