using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningHealth.Web.Api;

/// <summary>The JSON API for the programme overview, initiatives with their make-up check, and nature-of-work templates.</summary>
public static class InitiativesApi
{
    public sealed record AddMemberRequest(Guid PersonId, decimal Fte, bool IsLead, DisciplineGroup? Group);

    public static IEndpointRouteBuilder MapInitiativesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Initiatives");
        api.MapGet("/programme", async (ProgrammeOverview handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("GetProgrammeOverview").WithSummary("Team composition by discipline group and engagement type, programme leads, sponsorship and risks")
            .RequireAuthorization(Policies.ReadTeam);
        api.MapGet("/initiatives", async (ListInitiatives handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithName("ListInitiatives").WithSummary("Initiatives with the number of gaps and risks in their teams")
            .RequireAuthorization(Policies.ReadTeam);
        api.MapGet("/initiatives/{id:guid}", GetInitiativeAsync)
            .WithName("GetInitiative").WithSummary("An initiative, its team and its make-up check")
            .RequireAuthorization(Policies.ReadTeam);
        api.MapPost("/initiatives", CreateInitiativeAsync)
            .WithName("CreateInitiative").WithSummary("Start an initiative from a nature-of-work template")
            .RequireAuthorization(Policies.ManageTeam);
        api.MapPost("/initiatives/{id:guid}/members", AddMemberAsync)
            .WithName("AddInitiativeMember").WithSummary("Add a person to an initiative's team")
            .RequireAuthorization(Policies.ManageTeam);
        api.MapDelete("/initiatives/{id:guid}/members/{personId:guid}", RemoveMemberAsync)
            .WithName("RemoveInitiativeMember").WithSummary("Remove a person from an initiative's team")
            .RequireAuthorization(Policies.ManageTeam);
        api.MapGet("/templates", async (ManageTemplates handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(ct)))
            .WithName("ListTemplates").WithSummary("Nature-of-work templates")
            .RequireAuthorization(Policies.ReadTeam);
        api.MapGet("/templates/{key}", GetTemplateAsync)
            .WithName("GetTemplate").WithSummary("A nature-of-work template in its file format")
            .RequireAuthorization(Policies.ReadTeam);
        return routes;
    }

    private static async Task<Results<Ok<InitiativeDetails>, NotFound>> GetInitiativeAsync(Guid id, GetInitiative handler, CancellationToken ct) =>
        await handler.HandleAsync(id, ct) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<Results<Created<InitiativeDetails>, ValidationProblem>> CreateInitiativeAsync(
        CreateInitiativeCommand command, CreateInitiative create, GetInitiative get, CancellationToken ct)
    {
        var outcome = await create.HandleAsync(command, ct);
        if (!outcome.Succeeded)
        {
            return Invalid(outcome.Problems);
        }

        return TypedResults.Created($"/api/initiatives/{outcome.Value}", await get.HandleAsync(outcome.Value, ct));
    }

    private static async Task<Results<Ok<InitiativeDetails>, NotFound, ValidationProblem>> AddMemberAsync(
        Guid id, AddMemberRequest request, ChangeTeam team, GetInitiative get, CancellationToken ct)
    {
        var outcome = await team.AddAsync(new AddMemberCommand(id, request.PersonId, request.Group, request.Fte, request.IsLead), ct);
        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return TypedResults.NotFound();
        }

        return outcome.Succeeded ? TypedResults.Ok((await get.HandleAsync(id, ct))!) : Invalid(outcome.Problems);
    }

    private static async Task<Results<NoContent, NotFound>> RemoveMemberAsync(Guid id, Guid personId, ChangeTeam team, CancellationToken ct) =>
        (await team.RemoveAsync(id, personId, ct)).Succeeded ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<ContentHttpResult, NotFound>> GetTemplateAsync(string key, ManageTemplates templates, CancellationToken ct) =>
        await templates.GetAsync(key, ct) is { } template
            ? TypedResults.Content(TemplateFile.Write(template), "application/json")
            : TypedResults.NotFound();

    /// <summary>Problems as RFC 9457 validation problem details, keyed by the field they concern.</summary>
    internal static ValidationProblem Invalid(IReadOnlyList<Problem> problems) =>
        TypedResults.ValidationProblem(problems
            .GroupBy(p => p.Field ?? "")
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
}
