using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace LearningHealth.Web.Hosting;

/// <summary>
/// Refuses a request whose declared length is over the limit of the endpoint it is for (its
/// <c>[RequestSizeLimit]</c>, else the server-wide limit) with 413 before anything reads it. Without this, the first
/// reader of an oversized form is the anti-forgery check, which reports any unreadable form as a bad request (400),
/// hiding the real reason from the person uploading.
/// </summary>
public sealed class RequestSizeGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length)
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
                ?? context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (limit is { } max && length > max)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }
        }

        return next(context);
    }
}
