using LearningHealth.Composition;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningHealth.Web.Api;

/// <summary>The JSON API for proposing an initiative's team from the people available.</summary>
public static class CompositionApi
{
    /// <summary>The Lead's choices; every one is optional.</summary>
    public sealed record ProposalRequest(
        int? Alternatives = null,
        bool AllowUnconfirmed = false,
        bool PreferDevelopment = false,
        int? MaxTeamSize = null,
        int? CappedSharePercent = null,
        bool ExcludeEngagementsEndingEarly = false,
        IReadOnlyList<Guid>? MustInclude = null,
        IReadOnlyList<Guid>? MustExclude = null,
        double? TimeLimitSeconds = null);

    /// <summary>The team to make the initiative's team, usually one of the proposals' member lists.</summary>
    public sealed record AcceptRequest(IReadOnlyList<AcceptedMember>? Members);

    public static IEndpointRouteBuilder MapCompositionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Team composition");
        api.MapPost("/initiatives/{id:guid}/proposals", ProposeAsync)
            .WithName("ProposeTeam").WithSummary("Propose the best teams for an initiative, with every unmet requirement explained")
            .RequireAuthorization(Policies.ManageTeam);
        api.MapPost("/initiatives/{id:guid}/proposals/accept", AcceptAsync)
            .WithName("AcceptTeamProposal").WithSummary("Make a proposed team the initiative's team; the make-up check then reflects it")
            .RequireAuthorization(Policies.ManageTeam);
        return routes;
    }

    internal static CompositionOptions Options(ProposalRequest request) => new()
    {
        Alternatives = request.Alternatives ?? 3,
        AllowUnconfirmed = request.AllowUnconfirmed,
        PreferDevelopment = request.PreferDevelopment,
        MaxTeamSize = request.MaxTeamSize,
        CappedSharePercent = request.CappedSharePercent ?? 30,
        EndDates = request.ExcludeEngagementsEndingEarly ? EndDatePolicy.Exclude : EndDatePolicy.Penalise,
        MustInclude = (request.MustInclude ?? []).ToHashSet(),
        MustExclude = (request.MustExclude ?? []).ToHashSet(),
        TimeLimit = TimeSpan.FromSeconds(Math.Clamp(request.TimeLimitSeconds ?? 5, 0.1, 30)),
    };

    private static async Task<Results<Ok<InitiativeDetails>, NotFound, ValidationProblem>> AcceptAsync(
        Guid id, AcceptRequest request, AcceptProposal handler, GetInitiative get, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(new AcceptProposalCommand(id, request.Members ?? []), ct);
        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return TypedResults.NotFound();
        }

        return outcome.Succeeded ? TypedResults.Ok((await get.HandleAsync(id, ct))!) : InitiativesApi.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<CompositionResult>, NotFound, ValidationProblem>> ProposeAsync(
        Guid id, ProposalRequest? request, ProposeTeam handler, CancellationToken ct)
    {
        var outcome = await handler.HandleAsync(new ProposeTeamCommand(id, Options(request ?? new ProposalRequest())), ct);
        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return TypedResults.NotFound();
        }

        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : InitiativesApi.Invalid(outcome.Problems);
    }
}
