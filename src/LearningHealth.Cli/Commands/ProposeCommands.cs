using System.CommandLine;
using System.Globalization;
using LearningHealth.Composition;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary>
/// <c>lhs propose &lt;initiative&gt;</c>: proposes the best teams for an initiative from the people available and
/// prints them with every unmet requirement explained.
/// </summary>
internal static class ProposeCommands
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static Command Create(CliContext context)
    {
        var initiative = new Argument<string>("initiative") { Description = "The initiative's id or exact title" };
        var alternatives = new Option<int>("--alternatives", "-k") { Description = "How many distinct teams to propose", DefaultValueFactory = _ => 3 };
        var allowUnconfirmed = new Option<bool>("--allow-unconfirmed") { Description = "Count unconfirmed competency levels" };
        var preferDevelopment = new Option<bool>("--prefer-development") { Description = "Prefer people one level short of a requirement beside a holder" };
        var maxSize = new Option<int?>("--max-size") { Description = "Largest team to propose" };
        var cap = new Option<int>("--cap") { Description = "Largest share of FTE, in percent, from contractors and platform-provider staff", DefaultValueFactory = _ => 30 };
        var excludeEnding = new Option<bool>("--exclude-ending") { Description = "Leave out people whose engagement ends before the initiative does (default: count it against them)" };
        var seconds = new Option<double>("--time-limit") { Description = "Seconds the solver may spend on each team", DefaultValueFactory = _ => 5 };
        var command = new Command("propose", "Propose the best teams for an initiative from the people available, with what each leaves unmet")
        {
            initiative, alternatives, allowUnconfirmed, preferDevelopment, maxSize, cap, excludeEnding, seconds,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var propose = scope.ServiceProvider.GetRequiredService<ProposeTeam>();
            var name = parse.GetValue(initiative)!;
            if (await propose.FindAsync(name, cancellationToken) is not { } id)
            {
                await context.Error.WriteLineAsync($"lhs: no initiative has the id or title \"{name}\"");
                return 1;
            }

            var options = new CompositionOptions
            {
                Alternatives = parse.GetValue(alternatives),
                AllowUnconfirmed = parse.GetValue(allowUnconfirmed),
                PreferDevelopment = parse.GetValue(preferDevelopment),
                MaxTeamSize = parse.GetValue(maxSize),
                CappedSharePercent = parse.GetValue(cap),
                EndDates = parse.GetValue(excludeEnding) ? EndDatePolicy.Exclude : EndDatePolicy.Penalise,
                TimeLimit = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 0.1, 600)),
            };
            var outcome = await propose.HandleAsync(new ProposeTeamCommand(id, options), cancellationToken);
            if (!outcome.Succeeded)
            {
                await context.Error.WriteLineAsync($"lhs: {outcome.Problems[0].Message}");
                return 1;
            }

            await WriteAsync(context.Output, outcome.Value!);
            return 0;
        }));
        return command;
    }

    internal static async Task WriteAsync(TextWriter output, CompositionResult result)
    {
        await output.WriteLineAsync($"Proposed teams for {result.Title} ({result.CandidatesConsidered} of {result.PoolSize} people considered)");
        foreach (var team in result.Teams)
        {
            var quality = team.Quality switch
            {
                SolveQuality.Optimal => team.Rank == 1 ? "proved best" : "proved best of the rest",
                SolveQuality.Feasible => $"best found in the time, within {(team.Gap ?? 0).ToString("P1", English)} of the best possible",
                _ => "greedy baseline",
            };
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(English, $"Team {team.Rank}: {team.Members.Count} people, {team.TotalFte:0.0#} FTE, cost {team.Score.Cost:N0}, overload {team.OverloadFte:0.0#} FTE, {team.RequirementsMet} of {team.RequirementsTotal} requirements met ({quality})"));
            foreach (var m in team.Members)
            {
                var notes = new List<string>();
                if (m.IsLead)
                {
                    notes.Add("lead");
                }

                if (m.OverloadFte > 0)
                {
                    notes.Add(string.Create(English, $"overloaded by {m.OverloadFte:0.0#} FTE"));
                }

                if (m.EngagementEndsEarly)
                {
                    notes.Add("engagement ends before the initiative");
                }

                notes.AddRange(m.LearningGoals.Select(g => $"learning goal: {g}"));
                await output.WriteLineAsync(string.Create(English, $"  {m.Name,-28} {TeamLabels.Label(m.Group),-28} {TeamLabels.Label(m.Engagement),-24} {m.Fte,5:0.00} FTE{(notes.Count > 0 ? "  " + string.Join("; ", notes) : "")}"));
            }

            foreach (var unmet in team.Unmet)
            {
                await output.WriteLineAsync($"  Unmet: {unmet.Requirement}. {unmet.Explanation}");
            }
        }

        foreach (var note in result.Notes)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(note);
        }
    }
}
