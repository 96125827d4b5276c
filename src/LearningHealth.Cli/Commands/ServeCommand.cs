using System.CommandLine;
using Microsoft.Extensions.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Web.Hosting;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs serve</c>: runs the web app, exactly as <c>dotnet run --project src/LearningHealth.Web</c> does.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var demo = new Option<bool>("--demo") { Description = "Create the demo organisation and print demo accounts with fresh passwords" };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://localhost:5080)" };
        var command = new Command("serve", "Run the LearningHealth web app") { demo, urls };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            var args = new List<string>();
            if (parse.GetValue(context.DataDir) is { } dataDir)
            {
                args.Add($"--{DatabaseOptions.DataDirKey}={dataDir}");
            }

            if (parse.GetValue(context.Db) is { } db)
            {
                args.Add($"--{DatabaseOptions.DbKey}={db}");
            }

            if (parse.GetValue(demo))
            {
                args.Add("--demo");
            }

            if (parse.GetValue(urls) is { } listen)
            {
                args.Add($"--urls={listen}");
            }

            var app = WebApp.Build(args.ToArray());
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }));
        return command;
    }
}
