using System.Security.Claims;
using LearningHealth.Audit;
using LearningHealth.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningHealth.Web.Pages.Account;

/// <summary>
/// Completes an OpenID Connect sign-in. The organisation's identity provider proves who the person is; their
/// LearningHealth account (matched by e-mail, made by an Admin) says what they may do. No account is created here.
/// </summary>
[AllowAnonymous]
public sealed class ExternalCallbackModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit) : PageModel
{
    public string ErrorMessage { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? returnUrl)
    {
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            ErrorMessage = "Your organisation's sign-in did not complete. Please try again.";
            return Page();
        }

        var method = $"external ({info.LoginProvider})";
        var email = info.Principal.FindFirstValue(ClaimTypes.Email) ?? info.Principal.FindFirstValue("email");
        var existing = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        if (existing.Succeeded || existing.IsLockedOut)
        {
            var known = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
            await SignInModel.RecordAsync(audit, HttpContext, existing, known, known?.Email ?? email ?? info.ProviderKey, method);
            if (existing.IsLockedOut)
            {
                ErrorMessage = "This account is locked after too many failed attempts. Try again in 15 minutes, or ask an Admin to unlock it.";
                return Page();
            }

            return LocalRedirect(SignInModel.SafeReturnUrl(returnUrl));
        }

        var user = email is null ? null : await users.FindByEmailAsync(email);
        if (user is null)
        {
            await SignInModel.RecordAsync(audit, HttpContext, Microsoft.AspNetCore.Identity.SignInResult.Failed, null, email ?? info.ProviderKey, method);
            ErrorMessage = $"There is no LearningHealth account for {email ?? "this sign-in"}. Ask an Admin to create one with this e-mail address.";
            return Page();
        }

        var linked = await users.AddLoginAsync(user, info);
        if (!linked.Succeeded)
        {
            ErrorMessage = "Your account could not be linked to your organisation's sign-in. Ask an Admin.";
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false, info.LoginProvider);
        await SignInModel.RecordAsync(audit, HttpContext, Microsoft.AspNetCore.Identity.SignInResult.Success, user, user.Email ?? email!, method + ", account linked");
        return LocalRedirect(SignInModel.SafeReturnUrl(returnUrl));
    }
}
