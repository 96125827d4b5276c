using System.CommandLine;
using LearningHealth.Feedback;
using LearningHealth.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary>
/// <c>lhs feedback publish</c>: publishes the feedback cycle for the latest complete month once, as the web host's
/// scheduler does (recompute, record definition changes, notify, e-mail when <c>Smtp</c> is configured). Running it
/// again for the same month adds only what is missing.
/// </summary>
internal static class FeedbackCommands
{
    public static Command Create(CliContext context)
    {
        var publish = new Command("publish", "Publish the feedback cycle for the latest complete month (idempotent: a second run notifies nobody twice)");
        publish.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var outcome = await scope.ServiceProvider.GetRequiredService<PublishFeedbackCycle>()
                .HandleAsync(new PublishFeedbackCycleCommand(ActorName: $"lhs feedback publish ({Environment.UserName})"), cancellationToken);
            if (!outcome.Succeeded)
            {
                await context.Error.WriteLineAsync($"lhs: {outcome.Problems[0].Message}");
                return 1;
            }

            await context.Output.WriteLineAsync(Describe(outcome.Value!));
            return outcome.Value!.EmailFailures > 0 ? 2 : 0;
        }));

        return new Command("feedback", "Feedback on practice: publish the monthly cycle") { publish };
    }

    internal static string Describe(PublishFeedbackCycleResult result) =>
        $"Feedback cycle {PublishFeedbackCycle.Month(result.PeriodStart)} {(result.NewCycle ? "published" : "already published")}: " +
        $"{result.Clinicians} linked clinician(s), {result.NewlyNotified} newly notified, {result.Emailed} e-mailed, {result.EmailFailures} e-mail failure(s); " +
        $"data up to {result.DataUpTo?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}; " +
        $"{result.DefinitionChanges.Changes} definition change(s) recorded.";
}
