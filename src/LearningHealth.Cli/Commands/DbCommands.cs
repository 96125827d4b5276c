using System.CommandLine;
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

        return new Command("db", "Database upkeep") { migrate };
    }
}
