using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LearningHealth.Web.Hosting;

/// <summary>
/// Brings the database to the current schema before the first request and, in demo mode, seeds the demo
/// organisation and prints the demo accounts. If the database cannot be reached the app still starts, says so
/// plainly, serves a "database unavailable" page, and keeps trying in the background.
/// </summary>
internal sealed partial class DatabaseStartup(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    DemoCredentials demoCredentials,
    IHostApplicationLifetime lifetime,
    IServer server,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);
    // Never disposed: the host may stop a service more than once, or after disposing it (test hosts do), and a
    // token source without a timer holds nothing that needs releasing.
    private readonly CancellationTokenSource stopping = new();
    private Task retrying = Task.CompletedTask;

    private bool DemoMode => configuration.GetValue<bool>(WebApp.DemoKey);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryPrepareAsync(cancellationToken))
        {
            retrying = RetryUntilReadyAsync(stopping.Token);
        }

        lifetime.ApplicationStarted.Register(PrintWelcome);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await retrying.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task RetryUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryPrepareAsync(cancellationToken))
            {
                PrintWelcome();
                return;
            }
        }
    }

    private async Task<bool> TryPrepareAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        try
        {
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            LogDatabaseReady(database.Describe(), applied.Count);
            if (DemoMode)
            {
                var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>().HandleAsync(cancellationToken: cancellationToken);
                demoCredentials.Accounts = seeded.Accounts;
                var routine = await scope.ServiceProvider.GetRequiredService<SeedDemoRoutineData>().HandleAsync(cancellationToken);
                if (routine.Created)
                {
                    LogDemoRoutineData(routine.Resources, routine.Clinicians);
                }

                // The demo's first cycle, so the demo clinician has feedback waiting; a no-op once published.
                await scope.ServiceProvider.GetRequiredService<SeedDemoDefinitionHistory>().HandleAsync(cancellationToken);
                var cycle = await scope.ServiceProvider.GetRequiredService<PublishFeedbackCycle>()
                    .HandleAsync(new PublishFeedbackCycleCommand(ActorName: "LearningHealth demo"), cancellationToken);
                if (cycle.Succeeded && cycle.Value!.NewCycle)
                {
                    LogDemoCycle(PublishFeedbackCycle.Month(cycle.Value.PeriodStart), cycle.Value.NewlyNotified);
                }
                LogDemoReady(seeded.Created ? "created" : "already present", seeded.People);
            }

            await RecordDefinitionChangesAsync(scope.ServiceProvider, cancellationToken);

            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDatabaseUnavailable(database.Describe(), e.GetBaseException().Message);
            return false;
        }
    }

    /// <summary>What changed since the last start (a new release's indicator or view definitions), recorded once.</summary>
    private async Task RecordDefinitionChangesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        try
        {
            var recorded = await services.GetRequiredService<RecordDefinitionChanges>().HandleAsync(cancellationToken: cancellationToken);
            if (recorded.Changes > 0)
            {
                LogDefinitionChanges(recorded.Changes);
            }
        }
        catch (Exception e) when (e is DuckDB.NET.Data.DuckDBException or IOException)
        {
            // The analytics store may be busy (a long import); the next publish records the changes.
            LogDefinitionChangesFailed(e.Message);
        }
    }

    private void PrintWelcome()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "the address above";
        if (!DemoMode || demoCredentials.Accounts.Count == 0)
        {
            return;
        }

        var lines = new List<string>
        {
            "",
            $"LearningHealth demo is running. Open {address} and sign in with one of these accounts",
            "(passwords are new at every start-up):",
            "",
        };
        lines.AddRange(demoCredentials.Accounts.Select(a => $"  {a.Role,-17} {a.Email,-36} {a.Password}"));
        lines.Add("");
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo routine data: {Resources} FHIR resources of care by {Clinicians} clinicians imported and indicators computed")]
    private partial void LogDemoRoutineData(long resources, int clinicians);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Changes} definition change(s) recorded for the What changed feed")]
    private partial void LogDefinitionChanges(int changes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Definition changes not recorded at start-up: {Reason}")]
    private partial void LogDefinitionChangesFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo feedback cycle for {Month} published: {Notified} clinician(s) notified")]
    private partial void LogDemoCycle(string month, int notified);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: {Database}; {Applied} migration(s) applied")]
    private partial void LogDatabaseReady(string database, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo organisation {State}: {People} people")]
    private partial void LogDemoReady(string state, int people);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database {Database} cannot be reached ({Reason}). LearningHealth will keep trying every 10 seconds.")]
    private partial void LogDatabaseUnavailable(string database, string reason);
}
