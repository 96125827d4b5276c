using LearningHealth.Composition;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Team.Initiatives;

/// <summary>Propose the best teams for an initiative from the people available, see what each leaves unmet, and accept one.</summary>
[Authorize(Policy = Policies.ManageTeam)]
public sealed class ProposeModel(GetInitiative getInitiative, ProposeTeam proposeTeam, AcceptProposal acceptProposal, ListPeople listPeople) : PageModel
{
    public InitiativeDetails Details { get; private set; } = null!;
    public CompositionResult? Result { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public IReadOnlyList<PersonSummary> People { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public bool Run { get; set; }
    [BindProperty(SupportsGet = true)] public bool AllowUnconfirmed { get; set; }
    [BindProperty(SupportsGet = true)] public bool PreferDevelopment { get; set; }
    [BindProperty(SupportsGet = true)] public bool ExcludeEnding { get; set; }
    [BindProperty(SupportsGet = true)] public int? MaxTeamSize { get; set; }
    [BindProperty(SupportsGet = true)] public int Cap { get; set; } = 30;
    [BindProperty(SupportsGet = true)] public int Alternatives { get; set; } = 3;
    [BindProperty(SupportsGet = true)] public List<Guid> MustInclude { get; set; } = [];
    [BindProperty(SupportsGet = true)] public List<Guid> MustExclude { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await getInitiative.HandleAsync(id, cancellationToken) is not { } details)
        {
            return NotFound();
        }

        Details = details;
        People = (await listPeople.HandleAsync(new PeopleQuery(), includeContactDetails: false, cancellationToken))
            .Where(p => p.EngagementType is not null)
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .ToList();
        if (Run)
        {
            var outcome = await proposeTeam.HandleAsync(new ProposeTeamCommand(id, Options()), cancellationToken);
            Result = outcome.Value;
            Problems = outcome.Problems;
            if (!outcome.Succeeded)
            {
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, [FromForm] List<AcceptedMemberForm> members, CancellationToken cancellationToken)
    {
        var outcome = await acceptProposal.HandleAsync(
            new AcceptProposalCommand(id, [.. members.Select(m => new AcceptedMember(m.PersonId, m.Group, m.Fte, m.IsLead))]),
            cancellationToken);
        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return NotFound();
        }

        if (outcome.Succeeded)
        {
            return Redirect($"/team/initiatives/{id}#team");
        }

        if (await getInitiative.HandleAsync(id, cancellationToken) is not { } details)
        {
            return NotFound();
        }

        Details = details;
        Problems = outcome.Problems;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private CompositionOptions Options() => new()
    {
        AllowUnconfirmed = AllowUnconfirmed,
        PreferDevelopment = PreferDevelopment,
        MaxTeamSize = MaxTeamSize,
        CappedSharePercent = Cap,
        EndDates = ExcludeEnding ? EndDatePolicy.Exclude : EndDatePolicy.Penalise,
        Alternatives = Alternatives,
        MustInclude = MustInclude.ToHashSet(),
        MustExclude = MustExclude.ToHashSet(),
        TimeLimit = TimeSpan.FromSeconds(5),
    };

    /// <summary>One member of the team being accepted, as the form posts it.</summary>
    public sealed class AcceptedMemberForm
    {
        public Guid PersonId { get; set; }
        public DisciplineGroup Group { get; set; }
        public decimal Fte { get; set; }
        public bool IsLead { get; set; }
    }
}
