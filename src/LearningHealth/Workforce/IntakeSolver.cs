using LearningHealth.Hosting;

namespace LearningHealth.Workforce;

/// <summary>
/// Plan against uncertainty: the gap counts as closed when at least <see cref="Confidence"/> of the Monte Carlo
/// runs have supply ≥ demand in the target year (the runs use the same seeds for every candidate intake).
/// </summary>
public sealed record SolveUncertainty(double Confidence, int Runs, ulong Seed);

/// <summary>The answer: add <see cref="ExtraIntake"/> trainees a year to the route from <see cref="FromYear"/> on.</summary>
public sealed record IntakeAnswer(
    string Role,
    string Route,
    int TargetYear,
    int ExtraIntake,
    int FromYear,
    int LatestStartYear,
    double YearlyIntake,
    double GapInTargetYear,
    double GapWithOneFewer,
    string Message,
    double? ShareClosed = null,
    double? ShareClosedWithOneFewer = null);

/// <summary>
/// The smallest whole number of extra trainees a year on one route that closes a role's gap (supply ≥ demand) by a
/// target year. A trainee starting in year s joins in year s + duration, so only intakes starting by
/// target − duration can count; if the target is earlier than the first year + duration, the question has no
/// answer and the earliest possible year is given instead. The intake is searched by bisection (supply rises with
/// intake), then checked by projecting again: the answer closes the gap, one fewer does not. Among start years, the
/// smallest intake wins, and of equal intakes the latest start (the fewest trainee-years).
/// </summary>
public static class IntakeSolver
{
    public const int MaxExtraIntake = 1_000_000;

    public static Outcome<IntakeAnswer> Solve(ScenarioModel scenario, string roleName, int targetYear, string? routeName = null, string? variantName = null, SolveUncertainty? uncertainty = null)
    {
        if (uncertainty is { } u && (u.Confidence is <= 0 or >= 1 || double.IsNaN(u.Confidence)))
        {
            return new Problem($"the confidence must be between 0 and 1 (e.g. 0.9 for 90% of runs); it is {ScenarioFile.Format(u.Confidence)}.", "confidence");
        }

        if (uncertainty is { Runs: < 1 or > MonteCarlo.MaxRuns })
        {
            return new Problem($"runs must be between 1 and {MonteCarlo.MaxRuns}; it is {uncertainty.Runs}.", "runs");
        }

        var role = scenario.Roles.FirstOrDefault(r => string.Equals(r.Name, roleName, StringComparison.OrdinalIgnoreCase));
        if (role is null)
        {
            return new Problem($"role '{roleName}' is not in the scenario; it has {string.Join(", ", scenario.Roles.Select(r => r.Name))}.", "role");
        }

        if (role.Pipelines.Count == 0)
        {
            return new Problem($"role '{role.Name}' has no training route (pipelines) to add intake to.", "route");
        }

        var routeIndex = routeName is null ? 0 : role.Pipelines.ToList().FindIndex(p => string.Equals(p.Name, routeName, StringComparison.OrdinalIgnoreCase));
        if (routeIndex < 0)
        {
            return new Problem($"route '{routeName}' is not a pipeline of '{role.Name}'; it has {string.Join(", ", role.Pipelines.Select(p => p.Name))}.", "route");
        }

        VariantModel variant;
        try
        {
            variant = scenario.Variant(variantName);
        }
        catch (ArgumentException e)
        {
            return new Problem(e.Message, "variant");
        }

        var route = role.Pipelines[routeIndex];
        var lastYear = scenario.YearOf(scenario.HorizonYears - 1);
        if (targetYear < scenario.StartYear || targetYear > lastYear)
        {
            return new Problem($"the target year must be within the projection, {scenario.StartYear}–{lastYear}; it is {targetYear}.", "targetYear");
        }

        var targetIndex = targetYear - scenario.StartYear;
        var latestStart = targetIndex - route.DurationYears;
        var entered = RunParameters.For(role, variant);
        var completion = Math.Clamp(route.CompletionRate * variant.CompletionFactor, 0, 1);
        var roleIndex = scenario.Roles.ToList().IndexOf(role);
        bool Closes(in RunParameters p) => uncertainty is null
            ? Gap(scenario, role, p, targetIndex) >= 0
            : ShareClosed(scenario, role, roleIndex, variant, p, targetIndex, uncertainty) >= uncertainty.Confidence;
        if (Closes(entered))
        {
            return Answer(0, scenario.StartYear, "The gap is already closed in the target year without extra intake.");
        }

        if (latestStart < 0)
        {
            var earliest = scenario.StartYear + route.DurationYears;
            return new Problem(
                $"{targetYear} is too soon: '{route.Name}' takes {route.DurationYears} years, so intake starting in {scenario.StartYear} joins in {earliest} at the earliest. Choose {earliest} or later, or close the gap another way (recruitment).",
                "targetYear");
        }

        if (completion <= 0)
        {
            return new Problem($"'{route.Name}' has a completion rate of 0, so no intake on it can close the gap.", "route");
        }

        (int Intake, int Start)? best = null;
        for (var start = latestStart; start >= 0; start--)
        {
            var parameters = entered with { ExtraIntakeRoute = routeIndex, ExtraIntakeFromIndex = start };
            if (!Closes(parameters with { ExtraIntake = MaxExtraIntake }))
            {
                continue;
            }

            int lo = 0, hi = MaxExtraIntake;
            while (hi - lo > 1)
            {
                var mid = lo + ((hi - lo) / 2);
                if (Closes(parameters with { ExtraIntake = mid }))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            if (best is null || hi < best.Value.Intake)
            {
                best = (hi, start);
            }
        }

        if (best is not { } found)
        {
            return new Problem($"no intake up to {MaxExtraIntake:N0} a year on '{route.Name}' closes the gap by {targetYear}.", "targetYear");
        }

        var check = entered with { ExtraIntakeRoute = routeIndex, ExtraIntakeFromIndex = found.Start };
        if (!Closes(check with { ExtraIntake = found.Intake }) || Closes(check with { ExtraIntake = found.Intake - 1 }))
        {
            throw new InvalidOperationException($"The intake search for '{role.Name}' did not verify: {found.Intake} a year from index {found.Start}.");
        }

        var fromYear = scenario.YearOf(found.Start);
        var sure = uncertainty is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" in at least {uncertainty.Confidence * 100:0.#}% of {uncertainty.Runs:#,0} runs");
        return Answer(found.Intake, fromYear,
            $"Add {found.Intake} trainee{(found.Intake == 1 ? "" : "s")} a year to '{route.Name}' from {fromYear} (the first join in {fromYear + route.DurationYears}) to close the gap by {targetYear}{sure}.");

        Outcome<IntakeAnswer> Answer(int intake, int from, string message)
        {
            var p = entered with { ExtraIntakeRoute = routeIndex, ExtraIntakeFromIndex = from - scenario.StartYear };
            return Outcome<IntakeAnswer>.Ok(new IntakeAnswer(
                role.Name, route.Name, targetYear, intake, from, scenario.StartYear + Math.Max(latestStart, 0),
                route.YearlyIntake * variant.IntakeFactor + intake,
                Gap(scenario, role, p with { ExtraIntake = intake }, targetIndex),
                intake == 0 ? double.NaN : Gap(scenario, role, p with { ExtraIntake = intake - 1 }, targetIndex),
                message,
                uncertainty is null ? null : ShareClosed(scenario, role, roleIndex, variant, p with { ExtraIntake = intake }, targetIndex, uncertainty),
                uncertainty is null || intake == 0 ? null : ShareClosed(scenario, role, roleIndex, variant, p with { ExtraIntake = intake - 1 }, targetIndex, uncertainty)));
        }
    }

    /// <summary>
    /// The share of Monte Carlo runs with supply ≥ demand in the target year. Each run draws from the same generator
    /// as <see cref="MonteCarlo.Run"/> (seeded by seed, role and run), so every candidate intake meets the same draws
    /// and more intake never closes fewer runs.
    /// </summary>
    private static double ShareClosed(ScenarioModel scenario, RoleModel role, int roleIndex, VariantModel variant, in RunParameters parameters, int index, SolveUncertainty uncertainty)
    {
        Span<double> supply = stackalloc double[scenario.HorizonYears];
        Span<double> demand = stackalloc double[scenario.HorizonYears];
        var closed = 0;
        for (var run = 0; run < uncertainty.Runs; run++)
        {
            var rng = new Xoshiro256(uncertainty.Seed, (ulong)roleIndex, (ulong)run);
            var drawn = MonteCarlo.Sample(role, variant, parameters, ref rng);
            Projection.Core(role, drawn, supply, demand, []);
            if (supply[index] - demand[index] >= 0)
            {
                closed++;
            }
        }

        return (double)closed / uncertainty.Runs;
    }

    private static double Gap(ScenarioModel scenario, RoleModel role, in RunParameters parameters, int index)
    {
        Span<double> supply = stackalloc double[scenario.HorizonYears];
        Span<double> demand = stackalloc double[scenario.HorizonYears];
        Projection.Core(role, parameters, supply, demand, []);
        return supply[index] - demand[index];
    }
}
