using System.CommandLine;
using System.Globalization;
using LearningHealth.Fhir;
using LearningHealth.Persistence;
using LearningHealth.SqlOnFhir;
using LearningHealth.SqlOnFhir.Conformance;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs view test | run | materialise</c>: SQL on FHIR ViewDefinitions on the command line.</summary>
internal static class ViewCommands
{
    public static Command Create(CliContext context) =>
        new("view", "SQL on FHIR v2 ViewDefinitions: conformance, running views over files, materialising into the analytics store")
        {
            Test(context),
            Run(context),
            Materialise(context),
        };

    private static Option<int> Threads() => new("--threads")
    {
        Description = "Threads evaluating the view (default 1); the output is the same for any number",
        DefaultValueFactory = _ => 1,
    };

    private static CompiledView ReadView(string path) =>
        File.Exists(path) ? ViewDefinition.Parse(File.ReadAllText(path)) : throw new FileNotFoundException($"{path}: no such file.", path);

    private static Command Run(CliContext context)
    {
        var viewFile = new Argument<string>("view") { Description = "ViewDefinition JSON file" };
        var files = new Argument<string[]>("files")
        {
            Description = "NDJSON files (.ndjson or .ndjson.gz), read in the order given; conditional references resolve to resources in any of them",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out") { Description = "Output file: .parquet, .csv or .ndjson" };
        var table = new Option<bool>("--into-table") { Description = "Also (or instead) materialise the rows into the analytics store, as a table named after the view" };
        var threads = Threads();
        var command = new Command("run", "Run a view directly over NDJSON files, without importing them, streaming rows to a file or table") { viewFile, files, output, table, threads };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var view = ReadView(parse.GetValue(viewFile)!);
            var outPath = parse.GetValue(output);
            var intoTable = parse.GetValue(table);
            if (outPath is null && !intoTable)
            {
                throw new ArgumentException("give --out <file> or --into-table (or both).");
            }

            var threadCount = parse.GetValue(threads);
            if (threadCount < 1)
            {
                throw new ArgumentException("--threads must be at least 1.");
            }

            var inputs = parse.GetValue(files) ?? [];
            foreach (var input in inputs.Where(input => !File.Exists(input)))
            {
                throw new FileNotFoundException($"{input}: no such file.", input);
            }

            if (intoTable && AnalyticsCatalog.TableNameProblem(view.Name) is { } problem)
            {
                throw new ArgumentException(problem);
            }

            var writers = new List<IRowBatchWriter>();
            DuckDB.NET.Data.DuckDBConnection? store = null;
            try
            {
                if (outPath is not null)
                {
                    writers.Add(RowWriters.ForFile(outPath, view.Columns));
                }

                if (intoTable)
                {
                    var dataDirectory = DatabaseOptions.From(context.Configuration(parse)).DataDirectory;
                    store = AnalyticsStore.Open(dataDirectory);
                    writers.Add(new DuckDbTableWriter(store, view.Name!, view.Resource, File.ReadAllText(parse.GetValue(viewFile)!), view.Columns));
                }

                // A first pass finds the conditional references of the view's resources and indexes the identifiers of
                // what they point at, when the files hold it, so rows carry the same keys as over imported data.
                var references = await Task.Run(() => FileIdentifierIndex.Build(inputs, view.Resource, cancellationToken, threadCount), cancellationToken);
                var resolving = references is { Count: > 0 } ? references : null;
                using var writer = new TeeWriter(writers);
                var result = await Task.Run(
                    () => ViewRunner.Run(view, ViewRunner.FileBlocks(inputs), writer, threadCount, references: resolving, cancellationToken: cancellationToken),
                    cancellationToken);
                await Report(context, result, outPath ?? view.Name!);
                if (references is not null)
                {
                    // Without a single identifier of the types pointed at, nothing can resolve: every reference the first pass counted stays.
                    var unresolved = resolving is null ? references.References : result.ReferencesUnresolved;
                    var why = unresolved == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                        $" (no {string.Join(" or ", references.TargetTypes.Order(StringComparer.Ordinal))} with that identifier in the files given; left as they are)");
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Conditional references: {result.ReferencesResolved:N0} resolved, {unresolved:N0} not resolved{why}."));
                }

                return 0;
            }
            finally
            {
                foreach (var writer in writers)
                {
                    writer.Dispose();
                }

                store?.Dispose();
            }
        }));
        return command;
    }

    private static Command Materialise(CliContext context)
    {
        var viewFile = new Argument<string>("view") { Description = "ViewDefinition JSON file; the table takes the view's name" };
        var threads = Threads();
        var command = new Command("materialise", "Materialise a view over the imported resources into a table of the analytics store") { viewFile, threads };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var path = parse.GetValue(viewFile)!;
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no such file.", path);
            }

            var catalog = new AnalyticsCatalog(DatabaseOptions.From(context.Configuration(parse)));
            var threadCount = parse.GetValue(threads);
            var result = await Task.Run(() => catalog.Materialise(File.ReadAllText(path), Math.Max(1, threadCount), cancellationToken), cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidDataException(result.Problem);
            }

            await Report(context, result.Run!, $"table {result.Name} in {AnalyticsStore.PathFor(catalog.DataDirectory)}");
            return 0;
        }));
        return command;
    }

    private static async Task Report(CliContext context, ViewRunResult result, string target)
    {
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{result.Rows:N0} rows from {result.Resources:N0} resources in {result.Elapsed.TotalSeconds:F2} s ({result.ResourcesPerSecond:N0} resources/s) to {target}."));
        if (result.InvalidLines > 0)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"lhs: skipped {result.InvalidLines:N0} line(s) that are not valid JSON; the first: {result.FirstInvalid}"));
        }
    }

    /// <summary>Sends every row group to each of several writers.</summary>
    private sealed class TeeWriter(IReadOnlyList<IRowBatchWriter> writers) : IRowBatchWriter
    {
        public void Write(IReadOnlyList<RowBatch> rowGroup)
        {
            foreach (var writer in writers)
            {
                writer.Write(rowGroup);
            }
        }

        public void Complete()
        {
            foreach (var writer in writers)
            {
                writer.Complete();
            }
        }

        public void Dispose()
        {
        }
    }

    private static Command Test(CliContext context)
    {
        var suite = new Argument<string>("suite-folder") { Description = "Folder of SQL on FHIR v2 conformance test files (*.json)" };
        var report = new Option<string?>("--report") { Description = "Write the official test_report.json here" };
        var command = new Command("test", "Run a SQL on FHIR v2 conformance suite; exit code 1 if any test fails") { suite, report };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var folder = parse.GetValue(suite)!;
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"{folder}: no such folder.");
            }

            var result = ConformanceRunner.RunSuite(folder);
            if (result.Files.Count == 0)
            {
                throw new InvalidDataException($"{folder}: no test files (*.json) found.");
            }

            if (parse.GetValue(report) is { } path)
            {
                result.WriteTo(path);
            }

            foreach (var (fileName, results) in result.Files)
            {
                foreach (var failure in results.Where(r => !r.Passed))
                {
                    await context.Output.WriteLineAsync($"FAIL {fileName}: {failure.Name}: {failure.Error}");
                }
            }

            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.PassedCount} passed, {result.FailedCount} failed ({result.Files.Count} files)."));
            return result.FailedCount == 0 ? 0 : 1;
        }));
        return command;
    }
}
