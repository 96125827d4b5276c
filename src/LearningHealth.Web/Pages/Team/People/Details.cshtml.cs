using LearningHealth.Hosting;
using LearningHealth.Persistence;
using LearningHealth.Security;
using LearningHealth.Teams;
using LearningHealth.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Web.Pages.Team.People;

public sealed record InitiativeLink(Guid Id, string Title);

[Authorize(Policy = Policies.ReadTeam)]
public sealed class PersonModel(GetPerson getPerson, EditPeople editPeople, ListOrganisations listOrganisations, AppDbContext db, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    public PersonDetails Person { get; private set; } = null!;
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];
    public IReadOnlyList<InitiativeLink> Initiatives { get; private set; } = [];
    public bool CanManage { get; private set; }
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public IReadOnlyList<Problem> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEngagementAsync(Guid id, EngagementType type, Guid organisationId, string? roleTitle, decimal fte, DateOnly startDate, DateOnly? endDate, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var outcome = await editPeople.AddEngagementAsync(new EngagementCommand(id, type, organisationId, roleTitle, fte, startDate, endDate), cancellationToken);
        return await AfterAsync(id, outcome.Problems, cancellationToken);
    }

    public async Task<IActionResult> OnPostEndAsync(Guid id, Guid engagementId, long version, DateOnly endDate, CancellationToken cancellationToken)
    {
        if (!await CanManageAsync())
        {
            return Forbid();
        }

        var outcome = await editPeople.EndEngagementAsync(engagementId, version, endDate, cancellationToken);
        return await AfterAsync(id, outcome.Problems, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid id, IReadOnlyList<Problem> problems, CancellationToken cancellationToken)
    {
        if (problems.Count == 0)
        {
            return Redirect($"/team/people/{id}");
        }

        Problems = problems;
        Response.StatusCode = problems.Any(p => p.Kind == ProblemKind.Conflict) ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> CanManageAsync() => (await authorization.AuthorizeAsync(User, Policies.ManageTeam)).Succeeded;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var person = await getPerson.HandleAsync(id, await TeamApi.CanSeeContactDetailsAsync(authorization, HttpContext), cancellationToken);
        if (person is null)
        {
            return false;
        }

        Person = person;
        CanManage = await CanManageAsync();
        Initiatives = await db.InitiativeMembers.AsNoTracking().Where(m => m.PersonId == id)
            .Join(db.Initiatives, m => m.InitiativeId, i => i.Id, (m, i) => new InitiativeLink(i.Id, i.Title))
            .ToListAsync(cancellationToken);
        if (CanManage)
        {
            Organisations = await listOrganisations.HandleAsync(cancellationToken);
        }

        return true;
    }
}
