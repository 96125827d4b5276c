using LearningHealth.Feedback;
using LearningHealth.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningHealth.Web.Api;

/// <summary>Data use: the lineage graph with the register's cover for each element.</summary>
public static class DataUseApi
{
    public static IEndpointRouteBuilder MapDataUseApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/data-use/lineage", GetLineageAsync).WithTags("Data use").WithName("GetDataLineage")
            .WithSummary("Data elements → views → indicators → reports and initiatives, with purpose, legal basis and DPIA per element")
            .RequireAuthorization(Policies.SignedIn);
        return routes;
    }

    private static async Task<Ok<DataUseMap>> GetLineageAsync(GetDataUseMap handler, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(cancellationToken: cancellationToken));
}
