namespace LearningHealth.Workforce;

/// <summary>One projected year of one role: the stock at the year's end, the flows that made it, and the demand.</summary>
public sealed record ProjectionYear(
    int Year,
    double Supply,
    double Demand,
    double Completions,
    double Recruits,
    double Conversions,
    double Attrition,
    double Retirement,
    double KnownEndings)
{
    public double Gap => Supply - Demand;
    public double Joiners => Completions + Recruits + Conversions;
    public double Leavers => Attrition + Retirement + KnownEndings;
}

public sealed record RoleProjection(string Role, double StartingSupply, IReadOnlyList<ProjectionYear> Years);

public sealed record VariantProjection(string Variant, IReadOnlyList<RoleProjection> Roles);

/// <summary>
/// The values one run uses for one role: the entered figures, or the Monte Carlo samples, after the variant's
/// factors. <see cref="ExtraIntake"/> adds to one route's intake from one year on (the intake solver's question).
/// </summary>
public struct RunParameters
{
    public double AttritionRate;
    public double RetirementRate;
    /// <summary>NaN keeps each route's own completion rate (times <see cref="CompletionFactor"/>).</summary>
    public double CompletionRate;
    public double CompletionFactor;
    public double RecruitmentFactor;
    public double IntakeFactor;
    public double DemandGrowthRate;
    public int ExtraIntakeRoute;
    public int ExtraIntakeFromIndex;
    public double ExtraIntake;

    public static RunParameters For(RoleModel role, VariantModel variant) => new()
    {
        AttritionRate = Math.Min(role.AttritionRate * variant.AttritionFactor, 1 - role.RetirementRate),
        RetirementRate = role.RetirementRate,
        CompletionRate = double.NaN,
        CompletionFactor = variant.CompletionFactor,
        RecruitmentFactor = variant.RecruitmentFactor,
        IntakeFactor = variant.IntakeFactor,
        DemandGrowthRate = Math.Max(role.DemandGrowthRate + variant.DemandGrowthShift, -0.99),
        ExtraIntakeRoute = -1,
    };
}

/// <summary>
/// The yearly stock-and-flow projection (DOMAIN.md §5): stockₜ = stockₜ₋₁ + joinersₜ − leaversₜ, where joiners are
/// trainees completing (the intake that started <c>duration</c> years earlier × completion rate), recruits
/// (domestic and international) and internal conversions, and leavers are attrition and retirement (rates times
/// last year's stock) plus known endings. Known endings are clipped to what is left after the rate-based leavers,
/// so the stock is never negative. Demand in year t is base × (1 + growth)^(t − 1) plus the initiatives running
/// that year; the gap is supply − demand.
/// </summary>
public static class Projection
{
    /// <summary>Projects every role of the scenario under one variant with the entered figures.</summary>
    public static VariantProjection Run(ScenarioModel scenario, VariantModel variant) =>
        new(variant.Name, scenario.Roles.Select(r => Role(scenario, r, RunParameters.For(r, variant))).ToList());

    public static IReadOnlyList<VariantProjection> RunAll(ScenarioModel scenario) =>
        scenario.Variants.Select(v => Run(scenario, v)).ToList();

    public static RoleProjection Role(ScenarioModel scenario, RoleModel role, in RunParameters parameters)
    {
        var horizon = scenario.HorizonYears;
        Span<double> supply = stackalloc double[horizon];
        Span<double> demand = stackalloc double[horizon];
        var flows = new Flows[horizon];
        Core(role, parameters, supply, demand, flows);
        var years = new ProjectionYear[horizon];
        for (var i = 0; i < horizon; i++)
        {
            var f = flows[i];
            years[i] = new ProjectionYear(scenario.YearOf(i), supply[i], demand[i], f.Completions, f.Recruits, f.Conversions, f.Attrition, f.Retirement, f.Endings);
        }

        return new RoleProjection(role.Name, role.StartingFte, years);
    }

    internal struct Flows
    {
        public double Completions;
        public double Recruits;
        public double Conversions;
        public double Attrition;
        public double Retirement;
        public double Endings;
    }

    /// <summary>
    /// The projection itself, shared by the deterministic run and every Monte Carlo run so that the two agree to the
    /// last bit when nothing varies. Writes supply and demand for each year; <paramref name="flows"/> may be empty.
    /// Allocates nothing.
    /// </summary>
    internal static void Core(RoleModel role, in RunParameters p, Span<double> supply, Span<double> demand, Span<Flows> flows)
    {
        var horizon = supply.Length;
        var stock = role.StartingFte;
        var recruits = (role.DomesticRecruits + role.InternationalRecruits) * p.RecruitmentFactor;
        var conversionsPerYear = role.DevelopmentPool * role.DevelopmentRate;
        var leaverRate = p.AttritionRate + p.RetirementRate;
        var growth = 1.0;
        var pipelines = role.Pipelines;
        for (var i = 0; i < horizon; i++)
        {
            var completions = 0.0;
            for (var k = 0; k < pipelines.Count; k++)
            {
                var route = pipelines[k];
                var started = i - route.DurationYears;
                var cohort = 0.0;
                if (started >= 0)
                {
                    cohort = route.YearlyIntake * p.IntakeFactor;
                    if (k == p.ExtraIntakeRoute && started >= p.ExtraIntakeFromIndex)
                    {
                        cohort += p.ExtraIntake;
                    }
                }

                if (i < route.InTraining.Length)
                {
                    cohort += route.InTraining[i];
                }

                var rate = double.IsNaN(p.CompletionRate) ? route.CompletionRate * p.CompletionFactor : p.CompletionRate;
                completions += cohort * Math.Clamp(rate, 0, 1);
            }

            var conversions = i >= role.DevelopmentLeadTimeYears ? conversionsPerYear : 0;
            var attrition = stock * p.AttritionRate;
            var retirement = stock * p.RetirementRate;
            var remaining = stock - (stock * leaverRate);
            var endings = Math.Min(role.KnownEndings[i], Math.Max(remaining, 0));
            stock = Math.Max(remaining - endings, 0) + completions + recruits + conversions;
            supply[i] = stock;
            demand[i] = (role.DemandBase * growth) + role.InitiativeDemand[i];
            growth *= 1 + p.DemandGrowthRate;
            if (flows.Length > 0)
            {
                flows[i] = new Flows
                {
                    Completions = completions,
                    Recruits = recruits,
                    Conversions = conversions,
                    Attrition = attrition,
                    Retirement = retirement,
                    Endings = endings,
                };
            }
        }
    }
}
