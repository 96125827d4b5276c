namespace LearningHealth.Workforce;

/// <summary>
/// A workforce scenario file: the roles or skills to project, where their supply comes from, what they are needed
/// for, and named variants (baseline, optimistic, pessimistic or custom) to compare. Properties are nullable so that
/// a missing field is reported by name rather than read as zero; <see cref="ScenarioFile"/> checks every one.
/// </summary>
public sealed class WorkforceScenario
{
    public string? Name { get; set; }
    /// <summary>The first calendar year projected; the starting stock is the stock at its start.</summary>
    public int? StartYear { get; set; }
    /// <summary>How many years to project, 1 to 25.</summary>
    public int? HorizonYears { get; set; }
    public List<RoleScenario>? Roles { get; set; }
    /// <summary>Variants to compare. When empty, baseline, optimistic and pessimistic are derived (see <see cref="ScenarioVariant.Defaults"/>).</summary>
    public List<ScenarioVariant>? Variants { get; set; }
}

/// <summary>One role or skill (e.g. clinical informatician, data scientist, SPC-literate clinician, patient partner).</summary>
public sealed class RoleScenario
{
    public string? Name { get; set; }
    public SupplySource? Supply { get; set; }
    public List<Pipeline>? Pipelines { get; set; }
    public Recruitment? Recruitment { get; set; }
    public InternalDevelopment? InternalDevelopment { get; set; }
    /// <summary>Share of the stock leaving each year for reasons other than retirement (0–1).</summary>
    public double? AttritionRate { get; set; }
    /// <summary>Share of the stock retiring each year (0–1).</summary>
    public double? RetirementRate { get; set; }
    /// <summary>Where the age make-up is known: rates by age band, weighted by each band's share of the stock. Replaces the two rates above.</summary>
    public List<AgeBand>? AgeBands { get; set; }
    /// <summary>Known outflows: engagements ending (contractors, secondees), FTE by calendar year.</summary>
    public List<KnownEnding>? KnownEndings { get; set; }
    public Demand? Demand { get; set; }
    public Uncertainty? Uncertainty { get; set; }
}

/// <summary>
/// The starting stock. <see cref="Fte"/> is the entered figure. <see cref="Group"/> and <see cref="RoleTitle"/> say
/// which part of the team registry it was taken from; <see cref="Competency"/> names the competency it stands for
/// ("FTE holding competency X at level ≥ n"), filled from the skills register where one is available and otherwise
/// left at the entered figure.
/// </summary>
public sealed class SupplySource
{
    public double? Fte { get; set; }
    public string? Group { get; set; }
    public string? RoleTitle { get; set; }
    public CompetencySupply? Competency { get; set; }
}

public sealed class CompetencySupply
{
    public string? Framework { get; set; }
    public string? Code { get; set; }
    public int? MinimumLevel { get; set; }
}

/// <summary>A training route into the role: an intake each year that completes <see cref="DurationYears"/> later.</summary>
public sealed class Pipeline
{
    public string? Name { get; set; }
    public int? DurationYears { get; set; }
    /// <summary>Trainees (FTE) starting each projected year.</summary>
    public double? YearlyIntake { get; set; }
    /// <summary>Share of trainees who complete and join the role (0–1).</summary>
    public double? CompletionRate { get; set; }
    /// <summary>Cohorts already in training: element k is the intake due to finish in year k+1 of the projection.</summary>
    public List<double>? InTraining { get; set; }
}

/// <summary>Qualified people recruited each year (FTE).</summary>
public sealed class Recruitment
{
    public double? Domestic { get; set; }
    public double? International { get; set; }
}

/// <summary>
/// People reaching the competency through learning plans: each year <see cref="Rate"/> of the <see cref="Pool"/>
/// starts, and joins the role <see cref="LeadTimeYears"/> later. The pool is held constant.
/// </summary>
public sealed class InternalDevelopment
{
    public double? Pool { get; set; }
    public double? Rate { get; set; }
    public int? LeadTimeYears { get; set; }
}

public sealed class AgeBand
{
    public string? Band { get; set; }
    /// <summary>Share of the stock in this band (the shares add up to 1).</summary>
    public double? Share { get; set; }
    public double? AttritionRate { get; set; }
    public double? RetirementRate { get; set; }
}

public sealed class KnownEnding
{
    public int? Year { get; set; }
    public double? Fte { get; set; }
}

/// <summary>
/// What the role is needed for: a base FTE (or the WISN required staff when given) growing at
/// <see cref="GrowthRate"/> a year, plus planned initiatives' requirements over their years.
/// </summary>
public sealed class Demand
{
    public double? Fte { get; set; }
    public double? GrowthRate { get; set; }
    /// <summary>WISN required staff for the role's workload; replaces <see cref="Fte"/> as the base when set.</summary>
    public double? WisnRequired { get; set; }
    public List<InitiativeDemand>? Initiatives { get; set; }
}

public sealed class InitiativeDemand
{
    public string? Name { get; set; }
    public int? FromYear { get; set; }
    public int? ToYear { get; set; }
    /// <summary>FTE needed in each calendar year from <see cref="FromYear"/> to <see cref="ToYear"/> (averaged over part years).</summary>
    public double? Fte { get; set; }
}

/// <summary>Distributions for the Monte Carlo runs. Each replaces the entered value in every run; none means no variation.</summary>
public sealed class Uncertainty
{
    public Distribution? AttritionRate { get; set; }
    public Distribution? RetirementRate { get; set; }
    /// <summary>Replaces every pipeline's completion rate.</summary>
    public Distribution? CompletionRate { get; set; }
    /// <summary>Multiplies recruitment (1 = as entered).</summary>
    public Distribution? RecruitmentFactor { get; set; }
    /// <summary>Multiplies every pipeline's intake (1 = as entered).</summary>
    public Distribution? IntakeFactor { get; set; }
    public Distribution? DemandGrowthRate { get; set; }
}

/// <summary>
/// normal (mean, sd), triangular (min, mode, max) or beta (alpha, beta, optionally scaled to min–max). Samples are
/// clipped to the parameter's valid range (0–1 for rates, ≥ 0 for factors, > −1 for growth).
/// </summary>
public sealed class Distribution
{
    public string? Type { get; set; }
    public double? Mean { get; set; }
    public double? Sd { get; set; }
    public double? Min { get; set; }
    public double? Mode { get; set; }
    public double? Max { get; set; }
    public double? Alpha { get; set; }
    public double? Beta { get; set; }
}

/// <summary>A named variant: factors applied to every role (1 = unchanged) and a shift to demand growth.</summary>
public sealed class ScenarioVariant
{
    public string? Name { get; set; }
    public double? IntakeFactor { get; set; }
    public double? CompletionFactor { get; set; }
    public double? RecruitmentFactor { get; set; }
    public double? AttritionFactor { get; set; }
    public double? DemandGrowthShift { get; set; }

    public static IReadOnlyList<ScenarioVariant> Defaults { get; } =
    [
        new() { Name = "baseline" },
        new() { Name = "optimistic", IntakeFactor = 1.2, CompletionFactor = 1.05, RecruitmentFactor = 1.2, AttritionFactor = 0.8, DemandGrowthShift = -0.01 },
        new() { Name = "pessimistic", IntakeFactor = 0.8, CompletionFactor = 0.95, RecruitmentFactor = 0.8, AttritionFactor = 1.2, DemandGrowthShift = 0.01 },
    ];
}
