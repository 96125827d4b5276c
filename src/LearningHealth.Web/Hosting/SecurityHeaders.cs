namespace LearningHealth.Web.Hosting;

/// <summary>
/// Response headers that stop the pages being framed, sniffed or made to load scripts from elsewhere
/// (OWASP Secure Headers Project recommendations). The API reference page needs inline script, so it alone gets
/// a looser Content-Security-Policy.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string StrictPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    private const string ApiReferencePolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api-reference", StringComparison.OrdinalIgnoreCase)
            ? ApiReferencePolicy
            : StrictPolicy;
        return next(context);
    }
}
