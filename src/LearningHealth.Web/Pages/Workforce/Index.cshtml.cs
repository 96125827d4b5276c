using System.Text;
using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Workforce;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Workforce;

/// <summary>
/// The scenario editor: a scenario file to edit, its variants compared side by side, a fan chart and gap table per
/// role with Monte Carlo bands, the intake solver, and the projection as CSV.
/// </summary>
[Authorize(Policy = Policies.WorkforcePlanning)]
public sealed class WorkforceModel(DraftFromRegistry draft) : PageModel
{
    /// <summary>More runs than this belong on the command line; the page answers while the planner waits.</summary>
    public const int MaxPageRuns = 20_000;

    [BindProperty]
    public string ScenarioJson { get; set; } = "";

    [BindProperty]
    public int Runs { get; set; } = 1000;

    [BindProperty]
    public ulong Seed { get; set; } = 1;

    [BindProperty]
    public string? Variant { get; set; }

    [BindProperty]
    public string? SolveRole { get; set; }

    [BindProperty]
    public string? SolveRoute { get; set; }

    [BindProperty]
    public int? TargetYear { get; set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public ScenarioModel? Scenario { get; private set; }
    public IReadOnlyList<VariantProjection> Projections { get; private set; } = [];
    public MonteCarloResult? Bands { get; private set; }
    public IntakeAnswer? Answer { get; private set; }
    public IReadOnlyList<RegistryRole> RegistryRoles { get; private set; } = [];

    public void OnGet() => ScenarioJson = WorkforceExamples.Scenario;

    public async Task<IActionResult> OnPostDraftAsync(CancellationToken cancellationToken)
    {
        var result = await draft.HandleAsync(10, cancellationToken);
        ScenarioJson = ScenarioFile.Write(result.Scenario);
        RegistryRoles = result.ByRoleTitle;
        return Page();
    }

    public IActionResult OnPostProject() => Calculate() ? Page() : Unprocessable();

    public IActionResult OnPostSolve()
    {
        if (!Calculate())
        {
            return Unprocessable();
        }

        if (string.IsNullOrWhiteSpace(SolveRole) || TargetYear is null)
        {
            Problems = [new Problem("Choose a role and a target year to plan the intake for.", SolveRole is null ? "SolveRole" : "TargetYear")];
            return Unprocessable();
        }

        var outcome = IntakeSolver.Solve(Scenario!, SolveRole, TargetYear.Value, string.IsNullOrWhiteSpace(SolveRoute) ? null : SolveRoute, Variant);
        if (!outcome.Succeeded)
        {
            Problems = outcome.Problems;
            return Unprocessable();
        }

        Answer = outcome.Value;
        return Page();
    }

    public IActionResult OnPostCsv()
    {
        if (!Calculate())
        {
            return Unprocessable();
        }

        var name = string.Concat(Scenario!.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')).Trim('-');
        return File(Encoding.UTF8.GetBytes(ProjectionExport.Csv(Projections, Bands)), "text/csv", $"{(name.Length == 0 ? "workforce" : name)}-projection.csv");
    }

    public string Chart(RoleProjection role) =>
        FanChart.Svg(role, Bands?.Roles.FirstOrDefault(r => r.Role == role.Role));

    public VariantProjection Charted => Projections.First(p => p.Variant == (Bands?.Variant ?? Projections[0].Variant));

    private bool Calculate()
    {
        var outcome = ScenarioFile.Parse(ScenarioJson);
        if (!outcome.Succeeded)
        {
            Problems = outcome.Problems;
            return false;
        }

        Scenario = outcome.Value!;
        if (Runs is < 0 or > MaxPageRuns)
        {
            Problems = [new Problem($"Runs must be from 0 (no bands) to {MaxPageRuns:N0} here; use `lhs workforce project --runs` for more.", "Runs")];
            return false;
        }

        VariantModel variant;
        try
        {
            variant = Scenario.Variant(string.IsNullOrWhiteSpace(Variant) ? null : Variant);
        }
        catch (ArgumentException e)
        {
            Problems = [new Problem(e.Message, "Variant")];
            return false;
        }

        Projections = Projection.RunAll(Scenario);
        Bands = Runs > 0 ? MonteCarlo.Run(Scenario, variant, Runs, Seed) : null;
        return true;
    }

    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
