using System.CommandLine;
using LearningHealth.Cli.Commands;

namespace LearningHealth.Cli;

/// <summary>
/// The <c>lhs</c> command. Each sub-command parses its arguments and calls the same handlers the web app uses.
/// Results go to standard output; problems go to standard error as one line, with a non-zero exit code.
/// </summary>
public static class LhsCommand
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var root = new RootCommand("LearningHealth: run a Learning Health System's team, skills, learning cycle and workforce strategy.");
        root.Options.Add(context.DataDir);
        root.Options.Add(context.Db);
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(DbCommands.Create(context));
        root.Subcommands.Add(DemoCommands.Create(context));
        root.Subcommands.Add(UserCommands.Create(context));
        root.Subcommands.Add(WorkforceCommands.Create(context));
        root.Subcommands.Add(StatsCommands.Create(context));
        root.Subcommands.Add(FhirCommands.Create(context));
        root.Subcommands.Add(ViewCommands.Create(context));
        root.Subcommands.Add(TeamCommands.Create(context));
        root.Subcommands.Add(ProposeCommands.Create(context));
        root.Subcommands.Add(IndicatorsCommands.Create(context));
        root.Subcommands.Add(FeedbackCommands.Create(context));
        root.Subcommands.Add(AreaCommands.Create(context));
        root.Subcommands.Add(AuditCommands.Create(context));
        return root;
    }
}
