using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace LearningHealth.Web.Hosting;

/// <summary>
/// Limits sign-in attempts per client address, so one client cannot guess passwords quickly across many accounts
/// (the per-account lockout only slows guessing at one). Only POSTs count: showing the form is free. A fixed
/// one-minute window of <c>Security:SignInPermitsPerMinute</c> attempts (default 10), with no queue; the client over
/// the limit gets 429 and a plain page saying when to try again.
/// </summary>
internal sealed class SignInRateLimit(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "sign-in";
    public const string PermitsKey = "Security:SignInPermitsPerMinute";
    public const int DefaultPermitsPerMinute = 10;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int permits = Permits(configuration);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var client = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public static void Register(IServiceCollection services) =>
        services.AddRateLimiter(o => o.AddPolicy<string, SignInRateLimit>(PolicyName));

    private static int Permits(IConfiguration configuration)
    {
        var text = configuration[PermitsKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultPermitsPerMinute;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{PermitsKey} must be a whole number above 0, not '{text}'.");
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : (int)Window.TotalSeconds;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/html; charset=utf-8";
        // A body of its own, so the status-code page is not re-executed: this page needs no layout, database or session.
        await response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many sign-in attempts - LearningHealth</title></head>"
            + "<body><main><h1>Too many sign-in attempts</h1>"
            + $"<p data-testid=\"rate-limited\">There have been too many sign-in attempts from your network. Wait {seconds} seconds, then "
            + "<a href=\"/account/sign-in\">try again</a>.</p></main></body></html>", cancellationToken);
    }
}
