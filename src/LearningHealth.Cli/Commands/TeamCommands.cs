using System.CommandLine;
using LearningHealth.Persistence;
using LearningHealth.Teams.Fhir;
using LearningHealth.Teams.Import;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs team ...</c>: the team directory in and out of LearningHealth, as CSV and as FHIR.</summary>
internal static class TeamCommands
{
    public static Command Create(CliContext context) => new("team", "Import and export the team: people, engagements and initiatives")
    {
        Import(context),
        Export(context),
        Fhir(context),
    };

    private static Command Import(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = $"CSV file with the header {TeamCsv.Header}" };
        var validRowsOnly = new Option<bool>("--valid-rows-only")
        {
            Description = "Import the valid rows even when others are rejected (by default nothing is imported unless every row is valid)",
        };
        var command = new Command("import", "Import people and their engagements from CSV, one row per engagement; prints a report of every problem") { file, validRowsOnly };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await context.Error.WriteLineAsync($"lhs: there is no file {path.FullName}");
                return 1;
            }

            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var mode = parse.GetValue(validRowsOnly) ? ImportMode.ValidRowsOnly : ImportMode.AllOrNothing;
            ImportResult result;
            await using (var stream = path.OpenRead())
            {
                result = await scope.ServiceProvider.GetRequiredService<ImportPeople>().HandleAsync(stream, mode, cancellationToken);
            }

            foreach (var note in result.Notes)
            {
                await context.Output.WriteLineAsync(note.ToString());
            }

            foreach (var problem in result.Problems)
            {
                await context.Error.WriteLineAsync($"lhs: {problem}");
            }

            await context.Output.WriteLineAsync(result.Summary);
            if (result.Refused && result.RowsRejected > 0)
            {
                await context.Output.WriteLineAsync("Correct the rows above and import the file again, or use --valid-rows-only to import the valid rows.");
            }

            return result.Problems.Count > 0 && !result.WroteAnything ? 1 : 0;
        }));
        return command;
    }

    private static Option<FileInfo?> OutOption(string what) => new("--out", "-o")
    {
        Description = $"File to write the {what} to (replaced if it exists); without it, standard output",
    };

    private static Command Export(CliContext context)
    {
        var output = OutOption("CSV");
        var command = new Command("export", "Export people and every engagement, past ones included, as CSV that 'lhs team import' reads back") { output };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var export = scope.ServiceProvider.GetRequiredService<ExportPeople>();
            if (parse.GetValue(output) is not { } path)
            {
                await export.HandleAsync(context.Output, cancellationToken);
                return 0;
            }

            var rows = 0;
            await WriteReplacingAsync(path, async stream => rows = await export.HandleAsync(stream, cancellationToken));
            await context.Output.WriteLineAsync($"Exported {rows} rows to {path.FullName}.");
            return 0;
        }));
        return command;
    }

    private static Command Fhir(CliContext context)
    {
        var output = OutOption("FHIR JSON");
        var command = new Command("fhir", "Export the team as a FHIR R4 Bundle (Organization, Practitioner, PractitionerRole, CareTeam)") { output };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var bundle = await scope.ServiceProvider.GetRequiredService<ExportTeamToFhir>().HandleAsync(cancellationToken);
            var json = ExportTeamToFhir.ToJson(bundle);
            if (parse.GetValue(output) is not { } path)
            {
                await context.Output.WriteLineAsync(json);
                return 0;
            }

            await WriteReplacingAsync(path, async stream =>
            {
                await using var writer = new StreamWriter(stream, leaveOpen: true);
                await writer.WriteAsync(json.AsMemory(), cancellationToken);
            });
            await context.Output.WriteLineAsync($"Exported a FHIR Bundle of {bundle.Entry.Count} resources to {path.FullName}.");
            return 0;
        }));
        return command;
    }

    /// <summary>Writes beside the file and then replaces it, so a failed export never leaves half a file behind.</summary>
    private static async Task WriteReplacingAsync(FileInfo path, Func<Stream, Task> write)
    {
        var folder = path.Directory ?? new DirectoryInfo(Directory.GetCurrentDirectory());
        folder.Create();
        var temporary = Path.Combine(folder.FullName, $".{path.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await write(stream);
            }

            File.Move(temporary, path.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
