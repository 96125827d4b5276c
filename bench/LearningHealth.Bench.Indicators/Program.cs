using System.Diagnostics;
using System.Globalization;
using LearningHealth.Bench.Indicators;
using LearningHealth.Indicators;

// Indicator computation benchmark.
//
//   dotnet run -c Release --project bench/LearningHealth.Bench.Indicators -- [--indicators 50] [--scale 1.0] [--typed-dates] [--keep DIR [--reuse]]
//
// Generates about ten million synthetic view rows (2,000 clinicians, 36 months) in a temporary DuckDB file, then
// times ComputeIndicators over N indicators (the built-in library repeated under new ids up to N), statistics and
// writing included; then a second run in which nothing changed. Figures are in docs/benchmarks.md.
var indicatorCount = 50;
var scale = 1.0;
string? keep = null;
var typedDates = false;
var reuse = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--indicators": indicatorCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--scale": scale = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--keep": keep = args[++i]; break;
        case "--typed-dates": typedDates = true; break;
        case "--reuse": reuse = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 1;
    }
}

var folder = keep ?? Directory.CreateTempSubdirectory("lhs-bench-indicators-").FullName;
Directory.CreateDirectory(folder);
var path = Path.Combine(folder, "analytics.duckdb");
if (!(reuse && File.Exists(path)))
{
    File.Delete(path);
}
var d = SyntheticViews.Default;
var sizes = d with
{
    Patients = (long)(d.Patients * scale),
    Encounters = (long)(d.Encounters * scale),
    Observations = (long)(d.Observations * scale),
    BloodPressures = (long)(d.BloodPressures * scale),
};

Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}");
var watch = Stopwatch.StartNew();
long rows = 0;
if (reuse && File.Exists(path))
{
    Console.WriteLine($"reusing the view tables in {path}");
}
else
{
    using var connection = ComputeIndicators.Open(path, readOnly: false);
    rows = SyntheticViews.Generate(connection, sizes, typedDates);
}

Console.WriteLine($"generated {rows:N0} view rows (dates as {(typedDates ? "DATE/TIMESTAMP" : "ISO text")}) in {watch.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1e6:F0} MB)");

var library = IndicatorLibrary.BuiltIn;
var indicators = Enumerable.Range(0, indicatorCount)
    .Select(k => library[k % library.Count] with { Id = k < library.Count ? library[k].Id : $"{library[k % library.Count].Id}-copy-{k / library.Count}" })
    .ToList();
var handler = new ComputeIndicators(TimeProvider.System);
watch.Restart();
var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
var report = handler.Handle(new ComputeIndicatorsCommand { DatabasePath = path, Indicators = indicators, Force = true });
var total = watch.Elapsed;
var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var failed = report.Indicators.Where(o => o.Status != "computed").ToList();
foreach (var f in failed)
{
    Console.WriteLine($"  {f.IndicatorId}: {f.Status} {f.Message}");
}

var resultRows = report.Indicators.Sum(o => o.Rows);
Console.WriteLine($"computed {indicators.Count} indicators, {resultRows:N0} result rows, in {total.TotalSeconds:F1} s " +
    $"(SQL {report.QueryTime.TotalSeconds:F1} s, statistics {report.StatisticsTime.TotalSeconds:F1} s, writing {report.WriteTime.TotalSeconds:F1} s); " +
    $"CPU time of the process {cpu.TotalSeconds:F1} s");
foreach (var group in report.Indicators.Take(library.Count))
{
    Console.WriteLine($"  {group.IndicatorId,-28} {group.Rows,10:N0} rows {group.Duration.TotalSeconds,6:F2} s");
}

watch.Restart();
var again = handler.Handle(new ComputeIndicatorsCommand { DatabasePath = path, Indicators = indicators });
Console.WriteLine($"second run, nothing changed: {again.Indicators.Count(o => o.Status == "unchanged")} unchanged in {watch.Elapsed.TotalSeconds:F1} s");
if (keep is null)
{
    Directory.Delete(folder, recursive: true);
}

return failed.Count == 0 ? 0 : 1;
