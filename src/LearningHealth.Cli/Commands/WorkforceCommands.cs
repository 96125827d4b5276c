using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using LearningHealth.Hosting;
using LearningHealth.Workforce;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary>
/// <c>lhs workforce project | solve | wisn | draft</c>: workforce projections, the intake solver and the WISN calculator.
/// Results go to standard output (JSON, or CSV for <c>project --format csv</c>); a bad file is one line on standard
/// error naming the field, with exit code 1.
/// </summary>
internal static class WorkforceCommands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create(CliContext context) =>
        new("workforce", "Workforce strategy: supply and demand projections, intake planning, WISN staffing need")
        {
            Project(context),
            Solve(context),
            WisnCommand(context),
            Draft(context),
        };

    private static Command Project(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "Scenario file (JSON; see docs/workforce.md)" };
        var format = new Option<string?>("--format") { Description = "json (default) or csv" };
        var runs = new Option<int?>("--runs") { Description = "Monte Carlo runs for P10/P50/P90 bands (default none)" };
        var seed = new Option<ulong?>("--seed") { Description = "Seed for the Monte Carlo runs (default 1); the same seed gives the same bands" };
        var variant = new Option<string?>("--variant") { Description = "Which variant the Monte Carlo runs use (default the first, baseline)" };
        var command = new Command("project", "Project supply, demand and the gap year by year for every variant of a scenario") { file, format, runs, seed, variant };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var scenario = Load(parse.GetValue(file)!);
            var kind = (parse.GetValue(format) ?? "json").Trim().ToLowerInvariant();
            if (kind is not ("json" or "csv"))
            {
                throw new ArgumentException($"unknown format '{kind}': use json or csv.");
            }

            var projections = Projection.RunAll(scenario);
            MonteCarloResult? bands = null;
            if (parse.GetValue(runs) is { } n)
            {
                if (n is < 1 or > MonteCarlo.MaxRuns)
                {
                    throw new ArgumentException($"--runs must be between 1 and {MonteCarlo.MaxRuns}; it is {n}.");
                }

                bands = MonteCarlo.Run(scenario, scenario.Variant(parse.GetValue(variant)), n, parse.GetValue(seed) ?? 1);
            }
            else if (parse.GetValue(seed) is not null)
            {
                throw new ArgumentException("--seed is used only with --runs.");
            }

            if (kind == "csv")
            {
                await context.Output.WriteAsync(ProjectionExport.Csv(projections, bands));
                return 0;
            }

            await Write(context, new
            {
                scenario = scenario.Name,
                startYear = scenario.StartYear,
                horizonYears = scenario.HorizonYears,
                variants = projections.Select(v => new
                {
                    name = v.Variant,
                    roles = v.Roles.Select(r => new
                    {
                        role = r.Role,
                        startingSupply = Round(r.StartingSupply),
                        years = r.Years.Select(y => new
                        {
                            year = y.Year,
                            supply = Round(y.Supply),
                            demand = Round(y.Demand),
                            gap = Round(y.Gap),
                            joiners = Round(y.Joiners),
                            completions = Round(y.Completions),
                            recruits = Round(y.Recruits),
                            conversions = Round(y.Conversions),
                            leavers = Round(y.Leavers),
                            attrition = Round(y.Attrition),
                            retirement = Round(y.Retirement),
                            knownEndings = Round(y.KnownEndings),
                        }),
                    }),
                }),
                monteCarlo = bands is null ? null : new
                {
                    variant = bands.Variant,
                    runs = bands.Runs,
                    seed = bands.Seed,
                    roles = bands.Roles.Select(r => new
                    {
                        role = r.Role,
                        years = r.Years.Select(y => new
                        {
                            year = y.Year,
                            supply = BandJson(y.Supply),
                            demand = BandJson(y.Demand),
                            gap = BandJson(y.Gap),
                            shareClosed = Round(y.ShareClosed),
                        }),
                    }),
                },
            });
            return 0;
        }));
        return command;
    }

    private static Command Solve(CliContext context)
    {
        var file = new Argument<string>("scenario") { Description = "Scenario file (JSON)" };
        var role = new Option<string>("--role") { Description = "The role whose gap to close", Required = true };
        var target = new Option<int>("--target-year") { Description = "The year by which supply should meet demand", Required = true };
        var route = new Option<string?>("--route") { Description = "Which training route to add intake to (default the role's first)" };
        var variant = new Option<string?>("--variant") { Description = "Which variant to plan under (default the first, baseline)" };
        var confidence = new Option<double?>("--confidence") { Description = "Close the gap in at least this share of Monte Carlo runs, e.g. 0.9 (default: the entered figures only)" };
        var runs = new Option<int?>("--runs") { Description = "Monte Carlo runs for --confidence (default 1000)" };
        var seed = new Option<ulong?>("--seed") { Description = "Seed for --confidence (default 1)" };
        var command = new Command("solve", "The smallest extra yearly intake, and from which year, that closes a role's gap by a target year") { file, role, target, route, variant, confidence, runs, seed };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var scenario = Load(parse.GetValue(file)!);
            SolveUncertainty? uncertainty = null;
            if (parse.GetValue(confidence) is { } level)
            {
                uncertainty = new SolveUncertainty(level, parse.GetValue(runs) ?? 1000, parse.GetValue(seed) ?? 1);
            }
            else if (parse.GetValue(runs) is not null || parse.GetValue(seed) is not null)
            {
                throw new ArgumentException("--runs and --seed are used only with --confidence.");
            }

            var answer = Unwrap(IntakeSolver.Solve(scenario, parse.GetValue(role)!, parse.GetValue(target), parse.GetValue(route), parse.GetValue(variant), uncertainty));
            await Write(context, new
            {
                role = answer.Role,
                route = answer.Route,
                targetYear = answer.TargetYear,
                extraIntake = answer.ExtraIntake,
                fromYear = answer.FromYear,
                latestStartYear = answer.LatestStartYear,
                yearlyIntake = Round(answer.YearlyIntake),
                gapInTargetYear = Round(answer.GapInTargetYear),
                gapWithOneFewer = double.IsNaN(answer.GapWithOneFewer) ? (double?)null : Round(answer.GapWithOneFewer),
                confidence = uncertainty?.Confidence,
                shareClosed = answer.ShareClosed,
                shareClosedWithOneFewer = answer.ShareClosedWithOneFewer,
                message = answer.Message,
            });
            return 0;
        }));
        return command;
    }

    private static Command WisnCommand(CliContext context)
    {
        var input = new Option<string>("--input") { Description = "WISN study (JSON; see docs/workforce.md)", Required = true };
        var command = new Command("wisn", "WHO WISN: required staff, WISN difference and ratio per staff category and facility") { input };
        command.SetAction((parse, _) => context.RunAsync(async () =>
        {
            var result = Unwrap(Wisn.Parse(ReadFile(parse.GetValue(input)!)));
            await Write(context, result);
            return 0;
        }));
        return command;
    }

    private static Command Draft(CliContext context)
    {
        var horizon = new Option<int?>("--horizon") { Description = "Years to project (1–25, default 10)" };
        var byTitle = new Option<bool>("--by-role-title") { Description = "One role per discipline group and role title instead of per group (demand left at 0)" };
        var command = new Command("draft", "Write a starting scenario from the team registry (supply, known endings, initiative demand)") { horizon, byTitle };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LearningHealth.Persistence.DatabaseInitializer>().MigrateAsync(cancellationToken);
            var draft = await scope.ServiceProvider.GetRequiredService<DraftFromRegistry>().HandleAsync(parse.GetValue(horizon) ?? 10, parse.GetValue(byTitle), cancellationToken);
            await context.Output.WriteLineAsync(ScenarioFile.Write(draft.Scenario));
            return 0;
        }));
        return command;
    }

    private static ScenarioModel Load(string path) => Unwrap(ScenarioFile.Parse(ReadFile(path)));

    private static string ReadFile(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new ArgumentException($"cannot read '{path}': no such file.");

    /// <summary>The value, or the problems as one line (several joined with "; ").</summary>
    private static T Unwrap<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? outcome.Value! : throw new ArgumentException(string.Join("; ", outcome.Problems.Select(p => p.Message)));

    private static object BandJson(Band band) => new { p10 = Round(band.P10), p50 = Round(band.P50), p90 = Round(band.P90) };

    private static double Round(double value) => Math.Round(value, 4);

    private static async Task Write(CliContext context, object result) =>
        await context.Output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
}
