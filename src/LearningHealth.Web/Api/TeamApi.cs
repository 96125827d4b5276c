using LearningHealth.Security;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningHealth.Web.Api;

/// <summary>The team's JSON API: the people directory and organisations. Contact details only for roles allowed to see them.</summary>
public static class TeamApi
{
    public static IEndpointRouteBuilder MapTeamApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Team");
        api.MapGet("/people", ListPeopleAsync).WithName("ListPeople").WithSummary("People in the LHS team, with their current engagement")
            .RequireAuthorization(Policies.ReadTeam);
        api.MapGet("/people/{id:guid}", GetPersonAsync).WithName("GetPerson").WithSummary("One person with their engagement history")
            .RequireAuthorization(Policies.ReadTeam);
        api.MapGet("/organisations", ListOrganisationsAsync).WithName("ListOrganisations").WithSummary("Organisations whose people work in the LHS")
            .RequireAuthorization(Policies.ReadTeam);
        return routes;
    }

    private static async Task<Ok<IReadOnlyList<PersonSummary>>> ListPeopleAsync(
        ListPeople handler, IAuthorizationService authorization, HttpContext http,
        string? search, DisciplineGroup? discipline, EngagementType? engagementType, Guid? organisationId, bool? endingSoon,
        CancellationToken cancellationToken)
    {
        var contact = await CanSeeContactDetailsAsync(authorization, http);
        var people = await handler.HandleAsync(new PeopleQuery(search, discipline, engagementType, organisationId, endingSoon ?? false), contact, cancellationToken);
        return TypedResults.Ok(people);
    }

    private static async Task<Results<Ok<PersonDetails>, NotFound>> GetPersonAsync(
        Guid id, GetPerson handler, IAuthorizationService authorization, HttpContext http, CancellationToken cancellationToken)
    {
        var person = await handler.HandleAsync(id, await CanSeeContactDetailsAsync(authorization, http), cancellationToken);
        return person is null ? TypedResults.NotFound() : TypedResults.Ok(person);
    }

    private static async Task<Ok<IReadOnlyList<OrganisationSummary>>> ListOrganisationsAsync(ListOrganisations handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(cancellationToken));

    internal static async Task<bool> CanSeeContactDetailsAsync(IAuthorizationService authorization, HttpContext http) =>
        (await authorization.AuthorizeAsync(http.User, Policies.ReadContactDetails)).Succeeded;
}
