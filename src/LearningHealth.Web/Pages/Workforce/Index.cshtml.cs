using System.Text;
using LearningHealth.Audit;
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
public sealed class WorkforceModel(DraftFromRegistry draft, SavedScenarios saved, ICompetencySupplySource competencies, AuditLog audit) : PageModel
{
    /// <summary>More runs than this belong on the command line; the page answers while the planner waits.</summary>
    public const int MaxPageRuns = 20_000;

    [BindProperty]
    public string ScenarioJson { get; set; } = "";

    /// <summary>The version of the saved scenario the editor opened, so a save cannot overwrite someone else's newer one.</summary>
    [BindProperty]
    public long? OpenedVersion { get; set; }

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

    /// <summary>Optional: close the gap in at least this share of the Monte Carlo runs (using the runs and seed above).</summary>
    [BindProperty]
    public double? Confidence { get; set; }

    /// <summary>Each role's key figures, shown as a table under the JSON and applied by "Apply these figures".</summary>
    [BindProperty]
    public List<RoleFigures> Figures { get; set; } = [];

    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public ScenarioModel? Scenario { get; private set; }
    public IReadOnlyList<VariantProjection> Projections { get; private set; } = [];
    public MonteCarloResult? Bands { get; private set; }
    public IntakeAnswer? Answer { get; private set; }
    public IReadOnlyList<RegistryRole> RegistryRoles { get; private set; } = [];
    public IReadOnlyList<SavedScenarioSummary> Saved { get; private set; } = [];
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        ScenarioJson = WorkforceExamples.Scenario;
        if (id is { } scenarioId)
        {
            var scenario = await saved.GetAsync(scenarioId, cancellationToken);
            if (scenario is null)
            {
                return NotFound();
            }

            ScenarioJson = scenario.Json;
            OpenedVersion = scenario.Version;
            Notice = $"Opened '{scenario.Name}', saved {scenario.UpdatedAt:yyyy-MM-dd HH:mm} UTC by {scenario.UpdatedBy ?? "someone"}.";
        }

        Saved = await saved.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var outcome = await saved.SaveAsync(ScenarioJson, User.Identity?.Name, OpenedVersion, cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/workforce?id={outcome.Value!.Id}");
        }

        Problems = outcome.Problems;
        Saved = await saved.ListAsync(cancellationToken);
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await saved.DeleteAsync(id, cancellationToken);
        return Redirect("/workforce");
    }

    public async Task<IActionResult> OnPostDraftAsync(bool byRoleTitle, CancellationToken cancellationToken)
    {
        var result = await draft.HandleAsync(10, byRoleTitle, cancellationToken);
        Saved = await saved.ListAsync(cancellationToken);
        ScenarioJson = ScenarioFile.Write(result.Scenario);
        OpenedVersion = null;
        RegistryRoles = result.ByRoleTitle;
        return Page();
    }

    public async Task<IActionResult> OnPostProjectAsync(CancellationToken cancellationToken)
    {
        Saved = await saved.ListAsync(cancellationToken);
        return Calculate() ? Page() : Unprocessable();
    }

    public async Task<IActionResult> OnPostSolveAsync(CancellationToken cancellationToken)
    {
        Saved = await saved.ListAsync(cancellationToken);
        if (!Calculate())
        {
            return Unprocessable();
        }

        if (string.IsNullOrWhiteSpace(SolveRole) || TargetYear is null)
        {
            Problems = [new Problem("Choose a role and a target year to plan the intake for.", SolveRole is null ? "SolveRole" : "TargetYear")];
            return Unprocessable();
        }

        var uncertainty = Confidence is { } level ? new SolveUncertainty(level, Math.Max(Runs, 1), Seed) : null;
        var outcome = IntakeSolver.Solve(Scenario!, SolveRole, TargetYear.Value, string.IsNullOrWhiteSpace(SolveRoute) ? null : SolveRoute, Variant, uncertainty);
        if (!outcome.Succeeded)
        {
            Problems = outcome.Problems;
            return Unprocessable();
        }

        Answer = outcome.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken cancellationToken)
    {
        Saved = await saved.ListAsync(cancellationToken);
        if (ScenarioFile.TryRead(ScenarioJson) is { } scenario)
        {
            RoleFigures.Apply(scenario, Figures);
            ScenarioJson = ScenarioFile.Write(scenario);
        }

        return Calculate() ? Page() : Unprocessable();
    }

    public async Task<IActionResult> OnPostCsvAsync(CancellationToken cancellationToken)
    {
        if (!Calculate())
        {
            return Unprocessable();
        }

        await audit.RecordAsync(AuditActions.Export, AuditActor.From(User), $"workforce:{Scenario!.Name}", "workforce projection as CSV", cancellationToken);

        var name = string.Concat(Scenario!.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')).Trim('-');
        return File(Encoding.UTF8.GetBytes(ProjectionExport.Csv(Projections, Bands)), "text/csv", $"{(name.Length == 0 ? "workforce" : name)}-projection.csv");
    }

    public string Chart(RoleProjection role) =>
        FanChart.Svg(role, Bands?.Roles.FirstOrDefault(r => r.Role == role.Role));

    public VariantProjection Charted => Projections.First(p => p.Variant == (Bands?.Variant ?? Projections[0].Variant));

    /// <summary>Fills the figures table from the scenario text whatever the handler, so it always matches the JSON shown.</summary>
    public override void OnPageHandlerExecuted(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutedContext context)
    {
        Figures = ScenarioFile.TryRead(ScenarioJson) is { } scenario ? RoleFigures.From(scenario) : [];
        base.OnPageHandlerExecuted(context);
    }

    private bool Calculate()
    {
        var outcome = ScenarioFile.Parse(ScenarioJson, competencies.AsLookup());
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
