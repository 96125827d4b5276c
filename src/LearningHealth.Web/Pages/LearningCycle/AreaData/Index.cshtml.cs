using DuckDB.NET.Data;
using LearningHealth.AreaData;
using LearningHealth.Indicators;
using LearningHealth.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.LearningCycle.AreaData;

/// <summary>
/// Area data: every role sees which indicators can be viewed by where patients live; analysts and administrators also
/// see the area data sets with their linkage coverage and upload new ones (problems listed by line and column).
/// </summary>
[Authorize(Policy = Policies.AggregateResults)]
[RequestSizeLimit(ImportAreaData.MaxBytes + (64 * 1024))]
[RequestFormLimits(MultipartBodyLengthLimit = ImportAreaData.MaxBytes + (64 * 1024))]
public sealed class AreaDataIndexModel(ListAreaData list, ImportAreaData import, IAuthorizationService authorization, IndicatorCatalog catalog) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string AreaType { get; set; } = AreaTypes.Name(LearningHealth.AreaData.AreaType.PostcodeDistrict);

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? Licence { get; set; }

    [BindProperty]
    public string? DataDate { get; set; }

    public bool CanManage { get; private set; }
    public IReadOnlyList<AreaDataSetSummary> DataSets { get; private set; } = [];
    public IReadOnlyList<IndicatorDefinition> Indicators { get; } = catalog.All;
    public IReadOnlyList<AreaImportProblem> Problems { get; private set; } = [];
    public AreaImportResult? Imported { get; private set; }
    public string? StoreProblem { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync(IFormFile? file)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Analyst)).Succeeded)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Problems = [new AreaImportProblem(null, "file", "choose a CSV file to import")];
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var command = new ImportAreaDataCommand
            {
                Name = Name ?? "",
                AreaType = AreaType,
                Source = Source ?? "",
                Licence = Licence ?? "",
                DataDate = DataDate ?? "",
                ImportedBy = User.Identity?.Name,
            };
            try
            {
                Imported = import.Handle(command, stream);
                Problems = Imported.Problems;
            }
            catch (DuckDBException e)
            {
                Problems = [new AreaImportProblem(null, null, $"the analytics store could not be written (is an import running?): {e.Message}")];
            }
        }

        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        CanManage = (await authorization.AuthorizeAsync(User, Policies.Analyst)).Succeeded;
        if (!CanManage)
        {
            return;
        }

        try
        {
            DataSets = list.Handle();
        }
        catch (DuckDBException e)
        {
            StoreProblem = $"The analytics store cannot be read just now (an import may be running): {e.Message}";
        }
    }
}
