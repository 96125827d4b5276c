using System.CommandLine;
using System.Globalization;
using LearningHealth.SqlOnFhir.Conformance;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs view test | run | materialise</c>: SQL on FHIR ViewDefinitions on the command line.</summary>
internal static class ViewCommands
{
    public static Command Create(CliContext context) =>
        new("view", "SQL on FHIR v2 ViewDefinitions: conformance, running views over files, materialising into the analytics store")
        {
            Test(context),
        };

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
