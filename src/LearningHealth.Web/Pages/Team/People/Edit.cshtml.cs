using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Web.Pages.Team.People;

/// <summary>
/// Adds or edits a person. The form carries the version the Lead opened, so if someone else saved the person in
/// the meantime the save is refused with a message instead of silently overwriting their change.
/// </summary>
[Authorize(Policy = Policies.ManageTeam)]
public sealed class EditPersonModel(EditPeople editPeople, AppDbContext db) : PageModel
{
    [FromRoute] public Guid? Id { get; set; }
    [BindProperty] public long Version { get; set; }
    [BindProperty] public string GivenName { get; set; } = "";
    [BindProperty] public string FamilyName { get; set; } = "";
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public DisciplineGroup Discipline { get; set; }
    [BindProperty] public ClinicalProfession? Profession { get; set; }
    [BindProperty] public string? RegistrationBody { get; set; }
    [BindProperty] public string? RegistrationNumber { get; set; }

    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Id is null)
        {
            return Page();
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        (Version, GivenName, FamilyName, Email, Phone, Discipline, Profession, RegistrationBody, RegistrationNumber) =
            (person.Version, person.GivenName, person.FamilyName, person.Email, person.Phone, person.Discipline, person.Profession, person.RegistrationBody, person.RegistrationNumber);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await editPeople.SavePersonAsync(
            new PersonCommand(Id, Version, GivenName, FamilyName, Email, Phone, Discipline, Profession, RegistrationBody, RegistrationNumber), cancellationToken);
        if (outcome.Succeeded)
        {
            return Redirect($"/team/people/{outcome.Value}");
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
