namespace LearningHealth.Workforce;

/// <summary>A checked scenario, ready to project: no missing values, rates in range, years turned into indexes.</summary>
public sealed record ScenarioModel(
    string Name,
    int StartYear,
    int HorizonYears,
    IReadOnlyList<RoleModel> Roles,
    IReadOnlyList<VariantModel> Variants)
{
    public int YearOf(int index) => StartYear + index;

    public VariantModel Variant(string? name) =>
        name is null ? Variants[0]
        : Variants.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))
          ?? throw new ArgumentException($"unknown scenario variant '{name}': the file has {string.Join(", ", Variants.Select(v => v.Name))}.");
}

public sealed record PipelineModel(string Name, int DurationYears, double YearlyIntake, double CompletionRate, double[] InTraining);

/// <summary>
/// A distribution as the Monte Carlo runs sample it: normal (A = mean, B = sd), triangular (A = min, B = mode,
/// C = max) or beta (A = alpha, B = beta, scaled to C–D); samples are clipped to Lower–Upper.
/// </summary>
public sealed record DistributionModel(DistributionKind Kind, double A, double B, double C, double D, double Lower, double Upper);

public enum DistributionKind
{
    Normal,
    Triangular,
    Beta,
}

public sealed record UncertaintyModel(
    DistributionModel? AttritionRate,
    DistributionModel? RetirementRate,
    DistributionModel? CompletionRate,
    DistributionModel? RecruitmentFactor,
    DistributionModel? IntakeFactor,
    DistributionModel? DemandGrowthRate)
{
    public static UncertaintyModel None { get; } = new(null, null, null, null, null, null);

    public bool IsNone => this == None;
}

/// <summary>
/// One role, with yearly figures laid out by projection year index (0 = <see cref="ScenarioModel.StartYear"/>).
/// </summary>
public sealed record RoleModel(
    string Name,
    double StartingFte,
    IReadOnlyList<PipelineModel> Pipelines,
    double DomesticRecruits,
    double InternationalRecruits,
    double DevelopmentPool,
    double DevelopmentRate,
    int DevelopmentLeadTimeYears,
    double AttritionRate,
    double RetirementRate,
    double[] KnownEndings,
    double DemandBase,
    double DemandGrowthRate,
    double[] InitiativeDemand,
    UncertaintyModel Uncertainty,
    string SupplySource);

public sealed record VariantModel(
    string Name,
    double IntakeFactor,
    double CompletionFactor,
    double RecruitmentFactor,
    double AttritionFactor,
    double DemandGrowthShift)
{
    public static VariantModel Baseline { get; } = new("baseline", 1, 1, 1, 1, 0);
}
