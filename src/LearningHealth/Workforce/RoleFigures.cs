namespace LearningHealth.Workforce;

/// <summary>
/// A role's key figures as the editor's table shows them, for changing a scenario without editing its JSON. Blank
/// means "not given"; rates come from <c>ageBands</c> when the role has them, and are then not editable here.
/// </summary>
public sealed class RoleFigures
{
    public string Name { get; set; } = "";
    public double? SupplyFte { get; set; }
    public double? AttritionRate { get; set; }
    public double? RetirementRate { get; set; }
    public bool HasAgeBands { get; set; }
    public double? DomesticRecruits { get; set; }
    public double? InternationalRecruits { get; set; }
    public string? FirstRoute { get; set; }
    public double? FirstRouteIntake { get; set; }
    public double? DemandFte { get; set; }
    public double? DemandGrowthRate { get; set; }

    public static List<RoleFigures> From(WorkforceScenario scenario) => (scenario.Roles ?? []).Select(r => new RoleFigures
    {
        Name = r.Name ?? "",
        SupplyFte = r.Supply?.Fte,
        AttritionRate = r.AttritionRate,
        RetirementRate = r.RetirementRate,
        HasAgeBands = r.AgeBands is { Count: > 0 },
        DomesticRecruits = r.Recruitment?.Domestic,
        InternationalRecruits = r.Recruitment?.International,
        FirstRoute = r.Pipelines is { Count: > 0 } p ? p[0].Name ?? "route 1" : null,
        FirstRouteIntake = r.Pipelines is { Count: > 0 } q ? q[0].YearlyIntake : null,
        DemandFte = r.Demand?.Fte,
        DemandGrowthRate = r.Demand?.GrowthRate,
    }).ToList();

    /// <summary>Writes the figures into the scenario's roles, in order; roles beyond the list are left as they are.</summary>
    public static void Apply(WorkforceScenario scenario, IReadOnlyList<RoleFigures> figures)
    {
        var roles = scenario.Roles ?? [];
        for (var i = 0; i < Math.Min(roles.Count, figures.Count); i++)
        {
            var role = roles[i];
            var f = figures[i];
            if (f.SupplyFte is not null || role.Supply is not null)
            {
                role.Supply ??= new SupplySource();
                role.Supply.Fte = f.SupplyFte;
            }

            if (role.AgeBands is not { Count: > 0 })
            {
                role.AttritionRate = f.AttritionRate;
                role.RetirementRate = f.RetirementRate;
            }

            if (f.DomesticRecruits is not null || f.InternationalRecruits is not null || role.Recruitment is not null)
            {
                role.Recruitment ??= new Recruitment();
                role.Recruitment.Domestic = f.DomesticRecruits;
                role.Recruitment.International = f.InternationalRecruits;
            }

            if (role.Pipelines is { Count: > 0 } pipelines)
            {
                pipelines[0].YearlyIntake = f.FirstRouteIntake;
            }

            if (f.DemandFte is not null || f.DemandGrowthRate is not null || role.Demand is not null)
            {
                role.Demand ??= new Demand();
                role.Demand.Fte = f.DemandFte;
                role.Demand.GrowthRate = f.DemandGrowthRate;
            }
        }
    }
}
