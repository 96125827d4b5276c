using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Teams.Import;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team;

/// <summary>CSV import of people and engagements with a row-by-row report; nothing is written when any row is wrong unless the Lead asks.</summary>
[Authorize(Policy = Policies.ManageTeam)]
[RequestSizeLimit(MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes)]
public sealed class ImportModel(ImportPeople importPeople) : PageModel
{
    private const int MaxBytes = 20 * 1024 * 1024;

    public ImportResult? Result { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool validRowsOnly, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            Problems = [new Problem("Choose a CSV file to import.", "file")];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await using var stream = file.OpenReadStream();
        Result = await importPeople.HandleAsync(stream, validRowsOnly ? ImportMode.ValidRowsOnly : ImportMode.AllOrNothing, cancellationToken);
        if (Result.Refused)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return Page();
    }
}
