using System.CommandLine;
using System.Globalization;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs audit verify | list</c>: check the audit log's hash chain and read the log.</summary>
internal static class AuditCommands
{
    public static Command Create(CliContext context) => new("audit", "The tamper-evident audit log: verify its chain, list entries")
    {
        Verify(context),
        List(context),
    };

    private static Command Verify(CliContext context)
    {
        var command = new Command("verify", "Check every entry's hash and link; exit 1 naming the first broken entry");
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var result = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
            if (!result.Intact)
            {
                await context.Error.WriteLineAsync($"lhs: audit log broken at entry {result.FirstBroken}: {result.Problem}");
                return 1;
            }

            await context.Output.WriteLineAsync($"The audit log is intact: {result.Entries} entries, each linked to the one before.");
            return 0;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. sign-in-failed, roles-changed, export" };
        var since = new Option<string?>("--since") { Description = "Only entries on or after this date (yyyy-MM-dd, UTC)" };
        var limit = new Option<int>("--limit") { Description = "At most this many entries, newest first (default 100)", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List audit log entries, newest first, one per line (tab-separated)") { action, since, limit };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            DateOnly? from = null;
            if (parse.GetValue(since) is { } text)
            {
                from = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw new ArgumentException($"--since: '{text}' is not a date (write it as yyyy-MM-dd).");
            }

            var size = parse.GetValue(limit);
            if (size is < 1 or > SearchAuditLog.MaxPageSize)
            {
                throw new ArgumentException($"--limit: give a number from 1 to {SearchAuditLog.MaxPageSize}.");
            }

            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var page = await scope.ServiceProvider.GetRequiredService<SearchAuditLog>()
                .HandleAsync(new AuditLogQuery(Action: parse.GetValue(action), From: from, PageSize: size), cancellationToken);
            await context.Output.WriteLineAsync("sequence\tat\taction\tactor\tsubject\tdetails");
            foreach (var e in page.Entries)
            {
                await context.Output.WriteLineAsync(string.Join('\t',
                    e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    e.Action, OneLine(e.ActorName), OneLine(e.Subject), OneLine(e.Details)));
            }

            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Records something done at the command line in the app database's audit log. Commands whose <c>--db</c> names
    /// another file (the DuckDB analytics file) record in the app database of the data folder instead; when that
    /// database was never set up there is no log to write to, and nothing is recorded.
    /// </summary>
    public static async Task RecordAsync(CliContext context, ParseResult parse, string action, string subject, string details, CancellationToken cancellationToken)
    {
        var configuration = context.Configuration(parse);
        if (configuration[DatabaseOptions.DbKey] is { } db && !db.Contains('=', StringComparison.Ordinal) && !db.EndsWith(".db", StringComparison.OrdinalIgnoreCase))
        {
            configuration = new ConfigurationBuilder().AddConfiguration(configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { [DatabaseOptions.DbKey] = "" }).Build();
        }

        if (!CliContext.AppDatabaseExists(configuration))
        {
            return;
        }

        await using var provider = CliContext.Services(configuration);
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(action, AuditActor.CommandLine, subject, details, cancellationToken);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}
