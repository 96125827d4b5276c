using DuckDB.NET.Data;
using LearningHealth.Fhir;
using LearningHealth.Hosting;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle;

/// <summary>
/// Routine data: what has been imported (resources by type) and the materialised SQL on FHIR views with their first
/// rows. Analysts and administrators add a view by pasting or uploading a ViewDefinition, which is validated and
/// materialised from the imported resources.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
// Uploads are capped: a ViewDefinition is a few kilobytes.
[RequestSizeLimit(1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 1024 * 1024)]
public sealed class DataModel(AnalyticsCatalog catalog, IAuthorizationService authorization) : PageModel
{
    private const long MaxUploadBytes = 1 << 20;

    [BindProperty]
    public string? ViewJson { get; set; }

    [BindProperty]
    public IFormFile? ViewFile { get; set; }

    public IReadOnlyList<DataSetSummary> DataSets { get; private set; } = [];

    public IReadOnlyList<MaterialisedView> Views { get; private set; } = [];

    public bool CanAddViews { get; private set; }

    public string? StoreProblem { get; private set; }

    public string? Materialised { get; private set; }

    /// <summary>The name of the view just materialised, whose first rows are shown open.</summary>
    public string? MaterialisedName { get; private set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Analyst)).Succeeded)
        {
            return Forbid();
        }

        var json = ViewJson;
        if (ViewFile is { Length: > 0 } file)
        {
            if (file.Length > MaxUploadBytes)
            {
                return await Refuse("The ViewDefinition file is larger than 1 MB.");
            }

            using var reader = new StreamReader(file.OpenReadStream());
            json = await reader.ReadToEndAsync(cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            return await Refuse("Paste a ViewDefinition or choose a file.");
        }

        MaterialiseResult result;
        try
        {
            result = await Task.Run(() => catalog.Materialise(json, 1, cancellationToken), cancellationToken);
        }
        catch (DuckDBException e)
        {
            return await Refuse($"The analytics store could not be written (is an import running?): {e.Message}");
        }

        if (!result.Succeeded)
        {
            return await Refuse(result.Problem!);
        }

        Materialised = $"{result.Name}: {result.Run!.Rows:N0} rows from {result.Run.Resources:N0} resources.";
        MaterialisedName = result.Name;
        ViewJson = null;
        await LoadAsync();
        return Page();
    }

    private async Task<IActionResult> Refuse(string message)
    {
        Problems = [new Problem(message, "ViewDefinition")];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        CanAddViews = (await authorization.AuthorizeAsync(User, Policies.Analyst)).Succeeded;
        try
        {
            DataSets = catalog.ListDataSets();
            Views = catalog.ListViews(5);
        }
        catch (DuckDBException e)
        {
            StoreProblem = $"The analytics store cannot be read just now (an import may be running): {e.Message}";
        }
    }
}
