using LearningHealth.Identity;
using Microsoft.AspNetCore.Authorization;

namespace LearningHealth.Security;

/// <summary>
/// The named authorization policies. Every page and endpoint names one of these (or explicitly allows anonymous
/// access); anything that names none still needs a signed-in user through the fallback policy.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = nameof(SignedIn);
    /// <summary>Manage users and roles.</summary>
    public const string Admin = nameof(Admin);
    /// <summary>See who is in the team (every role).</summary>
    public const string ReadTeam = nameof(ReadTeam);
    /// <summary>See team members' contact details (everyone but patient partners).</summary>
    public const string ReadContactDetails = nameof(ReadContactDetails);
    /// <summary>Change the team: people, engagements, organisations.</summary>
    public const string ManageTeam = nameof(ManageTeam);
    /// <summary>Work on routine data: add and materialise SQL on FHIR views (analysts and administrators).</summary>
    public const string Analyst = nameof(Analyst);

    public static void Register(AuthorizationOptions options)
    {
        var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.FallbackPolicy = signedIn;
        options.AddPolicy(SignedIn, signedIn);
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        options.AddPolicy(ReadTeam, p => p.RequireAuthenticatedUser().RequireRole(Roles.All.ToArray()));
        options.AddPolicy(ReadContactDetails, p => p.RequireAuthenticatedUser()
            .RequireRole(Roles.Admin, Roles.Lead, Roles.Analyst, Roles.Clinician, Roles.Member, Roles.WorkforcePlanner));
        options.AddPolicy(ManageTeam, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Lead));
        options.AddPolicy(Analyst, p => p.RequireAuthenticatedUser().RequireRole(Roles.Analyst, Roles.Admin));
    }
}
