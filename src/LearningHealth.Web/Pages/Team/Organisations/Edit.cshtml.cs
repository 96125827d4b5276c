using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Web.Pages.Team.Organisations;

[Authorize(Policy = Policies.ManageTeam)]
public sealed class EditOrganisationModel(SaveOrganisation saveOrganisation, AppDbContext db) : PageModel
{
    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public OrganisationKind Kind { get; set; } = OrganisationKind.PartnerTrust;
    [BindProperty] public string? OdsCode { get; set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null)
        {
            return Page();
        }

        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Id, cancellationToken);
        if (organisation is null)
        {
            return NotFound();
        }

        (Version, Name, Kind, OdsCode) = (organisation.Version, organisation.Name, organisation.Kind, organisation.OdsCode);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await saveOrganisation.HandleAsync(new OrganisationCommand(Id, Version, Name, Kind, OdsCode), cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect("/team/organisations");
        }

        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return NotFound();
        }

        Problems = outcome.Problems;
        Response.StatusCode = outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
