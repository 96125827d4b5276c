using System.CommandLine;
using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs demo seed</c>: creates the demo organisation and prints its accounts.</summary>
internal static class DemoCommands
{
    public static Command Create(CliContext context)
    {
        var seedOption = new Option<int>("--seed")
        {
            Description = "Seed for the generated organisation: the same seed gives the same people",
            DefaultValueFactory = _ => SeedDemoOrganisation.DefaultSeed,
        };
        var seed = new Command("seed", "Create the demo organisation and its routine data (once) and give the demo accounts new passwords") { seedOption };
        seed.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var result = await scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>().HandleAsync(parse.GetValue(seedOption), cancellationToken);
            await context.Output.WriteLineAsync(result.Created
                ? $"Demo organisation created: {result.People} people."
                : $"Demo organisation already present ({result.People} people); demo accounts have new passwords.");
            var routine = await scope.ServiceProvider.GetRequiredService<SeedDemoRoutineData>().HandleAsync(cancellationToken);
            await context.Output.WriteLineAsync(routine.Created
                ? $"Demo routine data: {routine.Resources:N0} FHIR resources of care by {routine.Clinicians} clinicians imported; indicators computed."
                : "Demo routine data already present.");
            // The demo's first feedback cycle, so the demo clinician has feedback waiting.
            await scope.ServiceProvider.GetRequiredService<SeedDemoDefinitionHistory>().HandleAsync(cancellationToken);
            var cycle = await scope.ServiceProvider.GetRequiredService<PublishFeedbackCycle>()
                .HandleAsync(new PublishFeedbackCycleCommand(ActorName: "lhs demo seed"), cancellationToken);
            await context.Output.WriteLineAsync(cycle.Succeeded ? FeedbackCommands.Describe(cycle.Value!) : $"Demo feedback cycle not published: {cycle.Problems[0].Message}");
            foreach (var account in result.Accounts)
            {
                await context.Output.WriteLineAsync($"  {account.Role,-17} {account.Email,-36} {account.Password}");
            }

            return 0;
        }));

        return new Command("demo", "The demo organisation") { seed };
    }
}
