using System.Security.Claims;
using LearningHealth.Dashboard;
using LearningHealth.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningHealth.Web.Api;

/// <summary>The signed-in person: who they are, their roles and what is theirs to do.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me", GetMyWorkAsync).WithTags("Me").WithName("GetMyWork")
            .WithSummary("The signed-in person's roles and what is theirs to do").RequireAuthorization(Policies.SignedIn);
        return routes;
    }

    private static async Task<Ok<MyWork>> GetMyWorkAsync(ClaimsPrincipal user, GetMyWork handler, CancellationToken cancellationToken)
    {
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        return TypedResults.Ok(await handler.HandleAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, roles, cancellationToken));
    }
}
