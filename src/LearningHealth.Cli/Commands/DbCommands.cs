using System.CommandLine;
using LearningHealth.Audit;
using LearningHealth.Backup;
using LearningHealth.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs db ...</c>: database upkeep.</summary>
internal static class DbCommands
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Bring the database to the current schema (the web app also does this at start-up)");
        migrate.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var database = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
            await context.Output.WriteLineAsync(applied.Count == 0
                ? $"{database.Describe()} is up to date."
                : $"{database.Describe()}: applied {string.Join(", ", applied)}.");
            return 0;
        }));

        return new Command("db", "Database upkeep") { migrate, Backup(context), Restore(context) };
    }

    private static Command Backup(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The archive to write (a zip: manifest, database, analytics file)" };
        var command = new Command("backup", "Back up the database and the analytics file into one archive (stop lhs serve first if it uses the analytics file)") { file };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<BackupDatabase>().HandleAsync(parse.GetValue(file)!, cancellationToken);
            if (!outcome.Succeeded)
            {
                return await FailAsync(context, outcome.Problems);
            }

            var report = outcome.Value!;
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(AuditActions.Backup, AuditActor.CommandLine, $"backup:{Path.GetFileName(report.ArchivePath)}",
                $"{report.Manifest.Provider} at {report.Manifest.Migration ?? "no migration"}; analytics: {(report.Manifest.Analytics is null ? "none" : "included")}; {report.Bytes} bytes", cancellationToken);
            await context.Output.WriteLineAsync($"Backed up {scope.ServiceProvider.GetRequiredService<DatabaseOptions>().Describe()}"
                + $"{(report.Manifest.Analytics is null ? "" : " and the analytics file")} to {report.ArchivePath} ({report.Bytes:N0} bytes).");
            return 0;
        }));
        return command;
    }

    private static Command Restore(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "An archive written by lhs db backup" };
        var force = new Option<bool>("--force") { Description = "Replace a database that already holds data (accounts, people, audit entries or an analytics file)" };
        var command = new Command("restore", "Restore a backup archive into the database and data folder, then migrate") { file, force };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<RestoreDatabase>().HandleAsync(parse.GetValue(file)!, parse.GetValue(force), cancellationToken);
            if (!outcome.Succeeded)
            {
                return await FailAsync(context, outcome.Problems);
            }

            var report = outcome.Value!;
            // Recorded after the restore, so the restored log carries the fact that it was restored.
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(AuditActions.Restore, AuditActor.CommandLine, $"backup:{Path.GetFileName(parse.GetValue(file)!)}",
                $"taken {report.Manifest.CreatedAt:yyyy-MM-dd HH:mm:ss}Z by {report.Manifest.AppVersion}; migrations applied since: {report.MigrationsApplied.Count}", cancellationToken);
            await context.Output.WriteLineAsync($"Restored the backup of {report.Manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC into {scope.ServiceProvider.GetRequiredService<DatabaseOptions>().Describe()}"
                + (report.MigrationsApplied.Count == 0 ? "." : $"; then applied {string.Join(", ", report.MigrationsApplied)}."));
            return 0;
        }));
        return command;
    }

    private static async Task<int> FailAsync(CliContext context, IReadOnlyList<Hosting.Problem> problems)
    {
        foreach (var problem in problems)
        {
            await context.Error.WriteLineAsync($"lhs: {(problem.Field is "force" or "file" or null ? "" : problem.Field + ": ")}{problem.Message}");
        }

        return 1;
    }
}
