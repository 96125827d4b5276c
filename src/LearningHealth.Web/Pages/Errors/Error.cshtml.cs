using System.Data.Common;
using System.Net.Sockets;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Errors;

/// <summary>
/// The one error page: missing pages, forbidden pages and failures each get a plain message and the right status
/// code. Technical details go to the log, never to the page.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed partial class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public string Title { get; private set; } = "Sorry, something went wrong";
    public string Message { get; private set; } = "";

    // The code comes from the route only: reading a posted form here would fail again for a body that was too large.
    public void OnGet([FromRoute] int? code) => Describe(code);

    public void OnPost([FromRoute] int? code) => Describe(code);

    private void Describe(int? code)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (failure is not null)
        {
            if (IsTooLarge(failure.Error))
            {
                // Reading a body over the size limit fails inside form binding or anti-forgery: say so, not "error".
                Title = "That is too large";
                Message = "The file or form you sent is larger than this page accepts. Send a smaller file, or split it into parts.";
                Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (IsDatabaseUnavailable(failure.Error))
            {
                Title = "The database is not available";
                Message = "LearningHealth cannot reach its database just now, so this page cannot be shown. Nothing you saved has been lost. Try again in a few minutes; if it goes on, tell your system administrator.";
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
            else
            {
                Title = "Sorry, something went wrong";
                Message = $"LearningHealth could not finish this request. Try again; if it happens again, tell your system administrator and quote reference {HttpContext.TraceIdentifier}.";
                Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            LogFailure(failure.Path, HttpContext.TraceIdentifier, failure.Error);
            return;
        }

        // Model binding gives up on every value when the posted form cannot be read (a body over the size limit):
        // the status then still comes from the route the status-code pages re-executed.
        code ??= int.TryParse(RouteData.Values["code"]?.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var routed) ? routed : null;
        var status = code ?? StatusCodes.Status500InternalServerError;
        (Title, Message) = status switch
        {
            StatusCodes.Status404NotFound => ("Page not found", "There is no page at this address. Check the address, or use the menu to find what you need."),
            StatusCodes.Status403Forbidden => ("You do not have access to this page", "Your role does not allow you to see this page. If you need it for your work, ask an Admin or your lead."),
            StatusCodes.Status401Unauthorized => ("Please sign in", "You need to sign in to see this page."),
            StatusCodes.Status413PayloadTooLarge => ("That is too large", "The file or form you sent is larger than this page accepts. Send a smaller file, or split it into parts."),
            StatusCodes.Status429TooManyRequests => ("Too many attempts", "There have been too many attempts from here in a short time. Wait a minute and try again."),
            StatusCodes.Status400BadRequest => ("The request could not be understood", "Something in the request was not right. If you were sending a form, go back, reload the page and try again."),
            _ => ("Sorry, something went wrong", "LearningHealth could not finish this request. Try again in a moment."),
        };
        Response.StatusCode = status;
    }

    internal static bool IsTooLarge(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Path} failed (reference {Reference})")]
    private partial void LogFailure(string path, string reference, Exception exception);
}
