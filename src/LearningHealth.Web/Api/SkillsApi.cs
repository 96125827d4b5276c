using System.Security.Claims;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using LearningHealth.Web.Pages.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace LearningHealth.Web.Api;

/// <summary>The JSON API for skills: frameworks (with import and export), ratings and reviews, gaps, matrices, coverage, plans and badges.</summary>
public static class SkillsApi
{
    public sealed record ConfirmRequest(long Version, DateOnly? ValidUntil);
    public sealed record ReturnRequest(long Version, string? Reason);
    public sealed record WithdrawRequest(long Version);

    public static IEndpointRouteBuilder MapSkillsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/skills").WithTags("Skills");
        api.MapGet("/frameworks", async (BrowseFrameworks browse, CancellationToken ct) => TypedResults.Ok(await browse.ListAsync(ct)))
            .WithName("ListFrameworks").WithSummary("Competency frameworks, latest versions").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/frameworks/{key}", GetFrameworkAsync)
            .WithName("GetFramework").WithSummary("A framework version as a tree with levels and crosswalks").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/frameworks/{key}/export", ExportAsync)
            .WithName("ExportFramework").WithSummary("A framework as our CSV (format=csv), Moodle CSV (moodle) or CASE 1.0 JSON (case)").RequireAuthorization(Policies.ReadSkills);
        api.MapPost("/frameworks/import", ImportAsync)
            .WithName("ImportFramework").WithSummary("Import a framework file (the request body); all or nothing").RequireAuthorization(Policies.ManageFrameworks);
        api.MapGet("/people/{id:guid}", GetPersonAsync)
            .WithName("GetPersonSkills").WithSummary("A person's current levels and ratings (drafts only to their author)").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/people/{id:guid}/gaps", GetGapsAsync)
            .WithName("GetPersonGaps").WithSummary("What a person's initiatives need against their current levels").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/people/{id:guid}/plan", GetPlanAsync)
            .WithName("GetLearningPlan").WithSummary("A learning plan with suggestions (the person or an assessor)").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/people/{id:guid}/badge", GetBadgeAsync)
            .WithName("GetOpenBadge").WithSummary("Confirmed competencies as an unsigned Open Badges 3.0 credential").RequireAuthorization(Policies.ReadSkills);
        api.MapPost("/ratings", RateAsync)
            .WithName("SaveRating").WithSummary("Save or submit a self, peer or assessor rating").RequireAuthorization(Policies.ReadSkills);
        api.MapPost("/ratings/{id:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawRating").WithSummary("Withdraw a rating one made that still waits for an assessor").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/queue", async (ClaimsPrincipal user, UserManager<AppUser> users, ReviewAssessments review, CancellationToken ct) =>
                TypedResults.Ok(await review.QueueAsync(await SkillsPages.ActorAsync(users, user), ct)))
            .WithName("GetAssessorQueue").WithSummary("Submitted ratings waiting for an assessor").RequireAuthorization(Policies.AssessSkills);
        api.MapPost("/ratings/{id:guid}/confirm", ConfirmAsync)
            .WithName("ConfirmRating").WithSummary("Confirm a submitted rating").RequireAuthorization(Policies.AssessSkills);
        api.MapPost("/ratings/{id:guid}/return", ReturnAsync)
            .WithName("ReturnRating").WithSummary("Return a submitted rating with a reason").RequireAuthorization(Policies.AssessSkills);
        api.MapGet("/initiatives/{id:guid}/matrix", GetMatrixAsync)
            .WithName("GetSkillsMatrix").WithSummary("An initiative's people × competencies, coverage and single points of failure").RequireAuthorization(Policies.ReadSkills);
        api.MapGet("/coverage", async (int? level, GetSkillsCoverage coverage, CancellationToken ct) => TypedResults.Ok(await coverage.HandleAsync(Math.Clamp(level ?? 3, 1, 4), cancellationToken: ct)))
            .WithName("GetSkillsCoverage").WithSummary("Skill coverage by discipline group and engagement type").RequireAuthorization(Policies.AssessSkills);
        api.MapGet("/expiring", async (int? days, GetSkillsCoverage coverage, CancellationToken ct) => TypedResults.Ok(await coverage.ExpiringAsync(Math.Clamp(days ?? 60, 1, 730), cancellationToken: ct)))
            .WithName("ListExpiringRatings").WithSummary("Confirmed ratings expiring within N days").RequireAuthorization(Policies.AssessSkills);
        return routes;
    }

    private static async Task<Results<Ok<FrameworkView>, NotFound>> GetFrameworkAsync(string key, int? version, BrowseFrameworks browse, CancellationToken ct) =>
        await browse.GetAsync(key, version, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound, BadRequest<string>>> ExportAsync(string key, string? format, int? version, ExportFramework export, AuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        FrameworkFormat? parsed = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => FrameworkFormat.Csv,
            "moodle" => FrameworkFormat.Moodle,
            "case" => FrameworkFormat.Case,
            _ => null,
        };
        if (parsed is null)
        {
            return TypedResults.BadRequest("format must be csv, moodle or case.");
        }

        var file = await export.HandleAsync(key, parsed.Value, version, ct);
        if (file is null)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(AuditActions.Export, AuditActor.From(user), $"framework:{key}", $"format: {parsed.Value}; file: {file.FileName}", ct);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Content), file.ContentType + "; charset=utf-8", file.FileName);
    }

    private static async Task<Results<Created<FrameworkView>, ValidationProblem>> ImportAsync(HttpRequest request, string? format, ImportFramework import, BrowseFrameworks browse, AuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        FrameworkFormat? chosen = Enum.TryParse<FrameworkFormat>(format, ignoreCase: true, out var f) ? f : null;
        var outcome = await import.HandleAsync(text, chosen, ct);
        if (!outcome.Succeeded)
        {
            return InitiativesApi.Invalid(outcome.Problems);
        }

        var key = ImportFramework.Parse(text, chosen ?? ImportFramework.Detect(text)).Value!.Key;
        await audit.RecordAsync(AuditActions.FrameworkImported, AuditActor.From(user), $"framework:{key}", $"format: {chosen?.ToString() ?? "detected"}; {text.Length} characters", ct);
        return TypedResults.Created($"/api/skills/frameworks/{key}", await browse.GetAsync(key, cancellationToken: ct));
    }

    private static async Task<Results<Ok<PersonSkills>, NotFound>> GetPersonAsync(Guid id, ClaimsPrincipal user, UserManager<AppUser> users, GetPersonSkills handler, CancellationToken ct) =>
        await handler.HandleAsync(id, await SkillsPages.ActorAsync(users, user), ct) is { } skills ? TypedResults.Ok(skills) : TypedResults.NotFound();

    private static async Task<Results<Ok<PersonGaps>, NotFound>> GetGapsAsync(Guid id, AnalyseGaps gaps, CancellationToken ct) =>
        await gaps.ForPersonAsync(id, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();

    private static async Task<Results<Ok<LearningPlanView>, NotFound, ForbidHttpResult>> GetPlanAsync(
        Guid id, ClaimsPrincipal user, UserManager<AppUser> users, IAuthorizationService authorization, ManageLearningPlan plans, CancellationToken ct)
    {
        var actor = await SkillsPages.ActorAsync(users, user);
        if (actor.PersonId != id && !await SkillsPages.IsAssessorAsync(authorization, user))
        {
            return TypedResults.Forbid();
        }

        return await plans.GetAsync(id, ct) is { } plan ? TypedResults.Ok(plan) : TypedResults.NotFound();
    }

    private static async Task<Results<ContentHttpResult, NotFound>> GetBadgeAsync(Guid id, HttpRequest request, OpenBadgeCredential badge, AuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var credential = await badge.HandleAsync(id, $"{request.Scheme}://{request.Host}", ct);
        if (credential is null)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(AuditActions.Export, AuditActor.From(user), $"person:{id}", "Open Badges 3.0 credential of confirmed competencies", ct);
        return TypedResults.Content(credential.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }), "application/json");
    }

    private static async Task<Results<Ok<Guid>, ValidationProblem, NotFound>> RateAsync(RatingCommand command, ClaimsPrincipal user, UserManager<AppUser> users, RateSkills rate, CancellationToken ct)
    {
        var outcome = await rate.SaveAsync(command, await SkillsPages.ActorAsync(users, user), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound) ? TypedResults.NotFound() : InitiativesApi.Invalid(outcome.Problems);
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFound, Conflict<string[]>>> ConfirmAsync(
        Guid id, ConfirmRequest request, ClaimsPrincipal user, UserManager<AppUser> users, ReviewAssessments review, CancellationToken ct) =>
        Reviewed(await review.ConfirmAsync(id, request.Version, request.ValidUntil, await SkillsPages.ActorAsync(users, user), ct));

    private static async Task<Results<NoContent, ValidationProblem, NotFound, Conflict<string[]>>> ReturnAsync(
        Guid id, ReturnRequest request, ClaimsPrincipal user, UserManager<AppUser> users, ReviewAssessments review, CancellationToken ct) =>
        Reviewed(await review.ReturnAsync(id, request.Version, request.Reason, await SkillsPages.ActorAsync(users, user), ct));

    private static async Task<Results<NoContent, ValidationProblem, NotFound, Conflict<string[]>>> WithdrawAsync(
        Guid id, WithdrawRequest request, ClaimsPrincipal user, UserManager<AppUser> users, RateSkills rate, CancellationToken ct) =>
        Reviewed(await rate.WithdrawAsync(id, request.Version, await SkillsPages.ActorAsync(users, user), ct));

    private static Results<NoContent, ValidationProblem, NotFound, Conflict<string[]>> Reviewed(Outcome<bool> outcome) =>
        outcome.Succeeded ? TypedResults.NoContent()
        : outcome.Problems.Any(p => p.Kind == ProblemKind.NotFound) ? TypedResults.NotFound()
        : outcome.Problems.Any(p => p.Kind == ProblemKind.Conflict) ? TypedResults.Conflict(outcome.Problems.Select(p => p.Message).ToArray())
        : InitiativesApi.Invalid(outcome.Problems);

    private static async Task<Results<Ok<SkillsMatrix>, NotFound>> GetMatrixAsync(Guid id, BuildSkillsMatrix build, CancellationToken ct) =>
        await build.ForInitiativeAsync(id, ct) is { } matrix ? TypedResults.Ok(matrix) : TypedResults.NotFound();
}
