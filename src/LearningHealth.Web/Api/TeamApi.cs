using System.Security.Claims;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Security;
using LearningHealth.Teams;
using LearningHealth.Teams.Fhir;
using LearningHealth.Teams.Import;
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
        api.MapGet("/export/people.csv", ExportPeopleCsvAsync).WithName("ExportPeopleCsv")
            .WithSummary("The team as CSV, one row per engagement (history included), in the import format")
            .RequireAuthorization(Policies.ReadContactDetails);
        api.MapGet("/export/team.fhir.json", ExportTeamFhirAsync).WithName("ExportTeamFhir")
            .WithSummary("The team as a FHIR R4 Bundle: Organization, Practitioner, PractitionerRole and a CareTeam per initiative")
            .RequireAuthorization(Policies.ReadContactDetails);
        api.MapPost("/people", CreatePersonAsync).WithName("CreatePerson").WithSummary("Add a person to the directory")
            .RequireAuthorization(Policies.ManageTeam);
        api.MapPut("/people/{id:guid}", UpdatePersonAsync).WithName("UpdatePerson")
            .WithSummary("Change a person's details; send the version you read, and a 409 means someone else changed them first")
            .RequireAuthorization(Policies.ManageTeam);
        api.MapPost("/people/{id:guid}/engagements", AddEngagementAsync).WithName("AddEngagement").WithSummary("Add an engagement to a person")
            .RequireAuthorization(Policies.ManageTeam);
        return routes;
    }

    private static async Task ExportPeopleCsvAsync(HttpContext http, ExportPeople export, AuditLog audit, CancellationToken cancellationToken)
    {
        // Recorded before the file streams: contact details leave the app the moment the first byte does.
        await audit.RecordAsync(AuditActions.Export, AuditActor.From(http.User), "team:people.csv", "the team as CSV, contact details included", cancellationToken);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"lhs-team.csv\"";
        await export.HandleAsync(http.Response.Body, cancellationToken);
    }

    private static async Task<ContentHttpResult> ExportTeamFhirAsync(HttpContext http, ExportTeamToFhir export, AuditLog audit, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(AuditActions.Export, AuditActor.From(http.User), "team:team.fhir.json", "the team as a FHIR R4 Bundle", cancellationToken);
        http.Response.Headers.ContentDisposition = "attachment; filename=\"lhs-team.fhir.json\"";
        return TypedResults.Content(ExportTeamToFhir.ToJson(await export.HandleAsync(cancellationToken)), "application/fhir+json");
    }

    private static async Task<Results<Created<PersonDetails>, ValidationProblem, Conflict<HttpValidationProblemDetails>>> CreatePersonAsync(
        PersonCommand command, EditPeople edit, GetPerson get, CancellationToken cancellationToken)
    {
        var outcome = await edit.SavePersonAsync(command with { Id = null }, cancellationToken);
        if (outcome.Succeeded)
        {
            return TypedResults.Created($"/api/people/{outcome.Value}", await get.HandleAsync(outcome.Value, includeContactDetails: true, cancellationToken));
        }

        return outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? Conflict(outcome.Problems) : InitiativesApi.Invalid(outcome.Problems);
    }

    private static async Task<Results<Ok<PersonDetails>, NotFound, ValidationProblem, Conflict<HttpValidationProblemDetails>>> UpdatePersonAsync(
        Guid id, PersonCommand command, EditPeople edit, GetPerson get, CancellationToken cancellationToken)
    {
        var outcome = await edit.SavePersonAsync(command with { Id = id }, cancellationToken);
        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return TypedResults.NotFound();
        }

        return outcome.Succeeded ? TypedResults.Ok((await get.HandleAsync(id, includeContactDetails: true, cancellationToken))!) : Refused(outcome.Problems);
    }

    private static async Task<Results<Ok<PersonDetails>, NotFound, ValidationProblem, Conflict<HttpValidationProblemDetails>>> AddEngagementAsync(
        Guid id, EngagementCommand command, EditPeople edit, GetPerson get, CancellationToken cancellationToken)
    {
        var outcome = await edit.AddEngagementAsync(command with { PersonId = id }, cancellationToken);
        if (outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound))
        {
            return TypedResults.NotFound();
        }

        return outcome.Succeeded ? TypedResults.Ok((await get.HandleAsync(id, includeContactDetails: true, cancellationToken))!) : Refused(outcome.Problems);
    }

    /// <summary>A conflict with someone else's change is 409; anything else wrong with the request is 400, with the fields named.</summary>
    private static Results<Ok<PersonDetails>, NotFound, ValidationProblem, Conflict<HttpValidationProblemDetails>> Refused(IReadOnlyList<Problem> problems) =>
        problems.Any(p => p.Kind == ProblemKind.Conflict) ? Conflict(problems) : InitiativesApi.Invalid(problems);

    private static Conflict<HttpValidationProblemDetails> Conflict(IReadOnlyList<Problem> problems) =>
        TypedResults.Conflict(new HttpValidationProblemDetails(problems.GroupBy(p => p.Field ?? "").ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()))
        {
            Title = "Someone else changed this record first",
            Status = StatusCodes.Status409Conflict,
        });

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
