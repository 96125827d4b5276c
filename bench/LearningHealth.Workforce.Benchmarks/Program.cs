using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LearningHealth.Workforce;

// Times the Monte Carlo projection: RUNS runs × 25 years × ROLES roles, every role with uncertain attrition,
// completion, recruitment and demand growth. Usage: dotnet run -c Release -- [runs] [roles] [threads]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var roleCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
int? threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : null;

var scenario = new WorkforceScenario
{
    Name = "Benchmark",
    StartYear = 2026,
    HorizonYears = 25,
    Roles = [.. Enumerable.Range(0, roleCount).Select(i => new RoleScenario
    {
        Name = $"Role {i + 1}",
        Supply = new SupplySource { Fte = 10 + i },
        Pipelines =
        [
            new Pipeline { Name = "Degree", DurationYears = 3, YearlyIntake = 2 + (i % 5), CompletionRate = 0.85, InTraining = [2, 2, 2] },
            new Pipeline { Name = "Apprenticeship", DurationYears = 2, YearlyIntake = 1, CompletionRate = 0.7 },
        ],
        Recruitment = new Recruitment { Domestic = 1, International = 0.5 },
        InternalDevelopment = new InternalDevelopment { Pool = 50, Rate = 0.02, LeadTimeYears = 2 },
        AttritionRate = 0.1,
        RetirementRate = 0.02,
        KnownEndings = [new KnownEnding { Year = 2027, Fte = 1 }],
        Demand = new Demand { Fte = 12 + i, GrowthRate = 0.03, Initiatives = [new InitiativeDemand { FromYear = 2026, ToYear = 2030, Fte = 2 }] },
        Uncertainty = new Uncertainty
        {
            AttritionRate = new Distribution { Type = "triangular", Min = 0.06, Mode = 0.1, Max = 0.16 },
            CompletionRate = new Distribution { Type = "beta", Alpha = 17, Beta = 3 },
            RecruitmentFactor = new Distribution { Type = "normal", Mean = 1, Sd = 0.25 },
            DemandGrowthRate = new Distribution { Type = "normal", Mean = 0.03, Sd = 0.01 },
        },
    })],
};
var model = ScenarioFile.Check(scenario).Value ?? throw new InvalidOperationException("The benchmark scenario is invalid.");

Console.WriteLine($"{RuntimeInformation.OSDescription}; {RuntimeInformation.ProcessArchitecture}; {Environment.ProcessorCount} logical processors; .NET {Environment.Version}");
Console.WriteLine($"{runs:N0} runs × {model.HorizonYears} years × {model.Roles.Count} roles, threads {(threads?.ToString(CultureInfo.InvariantCulture) ?? "all")}");

// Warm up (JIT), then time three runs.
MonteCarlo.Run(model, model.Variants[0], Math.Min(runs, 200), 1, threads);
var times = new List<double>();
MonteCarloResult? result = null;
for (var i = 0; i < 3; i++)
{
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    result = MonteCarlo.Run(model, model.Variants[0], runs, 20261127, threads);
    watch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    times.Add(watch.Elapsed.TotalSeconds);
    Console.WriteLine($"run {i + 1}: {watch.Elapsed.TotalSeconds:F3} s wall, {cpu.TotalSeconds:F3} s CPU, {allocated / 1024.0 / 1024.0:F1} MiB allocated");
}

var last = result!.Roles[^1].Years[^1];
Console.WriteLine($"best {times.Min():F3} s; last role, last year: supply P10 {last.Supply.P10:F3}, P50 {last.Supply.P50:F3}, P90 {last.Supply.P90:F3}");
