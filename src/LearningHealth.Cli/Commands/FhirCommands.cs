using System.CommandLine;
using System.Globalization;
using LearningHealth.Fhir;
using LearningHealth.Persistence;
using Spectre.Console;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs fhir import | generate</c>: routine FHIR R4 data into the analytics store, and synthetic data to try it with.</summary>
internal static class FhirCommands
{
    public static Command Create(CliContext context) =>
        new("fhir", "Routine FHIR R4 data: import Bulk Data NDJSON and Bundles; generate synthetic data")
        {
            Import(context),
            Generate(context),
        };

    private static Command Import(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "NDJSON (.ndjson, .ndjson.gz) or Bundle (.json) files, or folders of them", Arity = ArgumentArity.OneOrMore };
        var batch = new Option<int?>("--batch") { Description = "Lines committed per transaction (default 20000)" };
        var command = new Command("import", "Import FHIR resources into <data dir>/analytics.duckdb; bad lines go to quarantine.ndjson; a re-run resumes") { paths, batch };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var dataDirectory = DatabaseOptions.From(context.Configuration(parse)).DataDirectory;
            var options = new ImportOptions();
            if (parse.GetValue(batch) is { } size)
            {
                options = options with { BatchSize = size > 0 ? size : throw new ArgumentException("--batch must be positive.") };
            }

            var importer = new FhirImporter(dataDirectory);
            var files = parse.GetValue(paths) ?? [];
            ImportSummary summary;
            if (ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected)
            {
                summary = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async progressContext =>
                    {
                        var task = progressContext.AddTask("Importing");
                        var reporter = new SyncProgress(p =>
                        {
                            task.MaxValue = Math.Max(1, p.BytesTotal);
                            task.Value = p.BytesRead;
                            task.Description = $"{Path.GetFileName(p.File)} ({p.FileIndex + 1}/{p.FileCount}) {p.Resources:N0} resources";
                        });
                        var result = await Task.Run(() => importer.Import(files, options, reporter, cancellationToken), cancellationToken);
                        task.Value = task.MaxValue;
                        return result;
                    });
            }
            else
            {
                summary = await Task.Run(() => importer.Import(files, options, null, cancellationToken), cancellationToken);
            }

            await WriteSummary(context.Output, summary);
            return summary.Files.Any(file => file.Status == "failed") ? 2 : 0;
        }));
        return command;
    }

    private static async Task WriteSummary(TextWriter output, ImportSummary summary)
    {
        var seconds = Math.Max(summary.Elapsed.TotalSeconds, 1e-6);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Read {summary.Resources:N0} resources in {summary.Elapsed.TotalSeconds:F1} s ({summary.Resources / seconds:N0}/s): {summary.Written:N0} written, {summary.Unchanged:N0} unchanged or older, {summary.Quarantined:N0} quarantined."));
        foreach (var (type, count) in summary.ResourcesByType)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {type,-28} {count,12:N0}"));
        }

        foreach (var file in summary.Files)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{file.Status,-9} {file.Path}: {file.Resources:N0} resources, {file.Quarantined:N0} quarantined{(file.Error is null ? "" : $" ({file.Error})")}"));
        }

        var skipped = summary.Files.Count(file => file.Status == "skipped");
        if (skipped > 0)
        {
            await output.WriteLineAsync($"Skipped {skipped} file(s) already imported and unchanged.");
        }

        if (summary.ReferencesResolved + summary.ReferencesUnresolved > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Conditional references: {summary.ReferencesResolved:N0} resolved, {summary.ReferencesUnresolved:N0} not resolvable yet."));
        }

        if (summary.Quarantined > 0)
        {
            await output.WriteLineAsync($"Quarantined lines are in {summary.QuarantineFile}.");
        }
    }

    private static Command Generate(CliContext context)
    {
        var patients = new Option<int>("--patients") { Description = "Number of patients", DefaultValueFactory = _ => 1000 };
        var practitioners = new Option<int>("--practitioners") { Description = "Number of practitioners", DefaultValueFactory = _ => 20 };
        var years = new Option<int>("--years") { Description = "Years of care to generate, ending 2025", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same files", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for the NDJSON files (one per resource type)", Required = true };
        var command = new Command("generate", "Write synthetic, valid FHIR R4 NDJSON with practitioners who practise differently") { patients, practitioners, years, seed, output };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var options = new GeneratorOptions(parse.GetValue(patients), parse.GetValue(practitioners), parse.GetValue(years), parse.GetValue(seed));
            var started = System.Diagnostics.Stopwatch.StartNew();
            var counts = await Task.Run(() => SyntheticFhirGenerator.Write(options, parse.GetValue(output)!, cancellationToken), cancellationToken);
            foreach (var (type, count) in counts)
            {
                await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{type,-20} {count,12:N0}"));
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {counts.Values.Sum():N0} resources to {Path.GetFullPath(parse.GetValue(output)!)} in {started.Elapsed.TotalSeconds:F1} s."));
            return 0;
        }));
        return command;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and arrive late).</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
