using LearningHealth.Audit;
using LearningHealth.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace LearningHealth.Web.Pages.Account;

/// <summary>Sign-in with e-mail and password; repeated failures lock the account (see the Identity options), and each client address has a limited number of attempts a minute (<see cref="Hosting.SignInRateLimit"/>).</summary>
[AllowAnonymous]
[EnableRateLimiting(Hosting.SignInRateLimit.PolicyName)]
public sealed class SignInModel(SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? ErrorMessage { get; private set; }

    public IReadOnlyList<AuthenticationScheme> ExternalProviders { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        ExternalProviders = (await signIn.GetExternalAuthenticationSchemesAsync()).ToList();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ExternalProviders = (await signIn.GetExternalAuthenticationSchemesAsync()).ToList();
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            ErrorMessage = "Enter your e-mail address and password.";
            return Page();
        }

        var email = Email.Trim();
        var result = await signIn.PasswordSignInAsync(email, Password, isPersistent: false, lockoutOnFailure: true);
        var user = await signIn.UserManager.FindByEmailAsync(email);
        await RecordAsync(audit, HttpContext, result, user, email, "password");
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        // The same words whether the e-mail or the password was wrong, so the page does not reveal who has an account.
        ErrorMessage = result.IsLockedOut
            ? "This account is locked after too many failed attempts. Try again in 15 minutes, or ask an Admin to unlock it."
            : result.IsNotAllowed
                ? "This account cannot sign in yet. Ask an Admin."
                : "The e-mail address or password is not right. Check them and try again.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    public IActionResult OnPostExternal(string provider)
    {
        var redirect = Url.Page("/Account/ExternalCallback", new { ReturnUrl = SafeReturnUrl(ReturnUrl) });
        var properties = signIn.ConfigureExternalAuthenticationProperties(provider, redirect);
        return Challenge(properties, provider);
    }

    /// <summary>
    /// Records a sign-in, a failed one or a refused locked-out one, with the client address. The e-mail typed is the
    /// subject either way, so repeated guessing at one account shows in the log even when there is no such account.
    /// </summary>
    internal static Task RecordAsync(AuditLog audit, HttpContext http, Microsoft.AspNetCore.Identity.SignInResult result, AppUser? user, string email, string method)
    {
        var action = result.Succeeded ? AuditActions.SignIn : result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed;
        var actor = result.Succeeded && user is not null ? new AuditActor(user.Id, user.Email ?? email) : new AuditActor(null, "anonymous");
        var details = $"method: {method}; client: {http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}"
            + (result.Succeeded ? "" : user is null ? "; no such account" : result.IsNotAllowed ? "; not allowed to sign in" : "");
        return audit.RecordAsync(action, actor, $"user:{email}", details);
    }

    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
