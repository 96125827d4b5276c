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
    /// <summary>Workforce strategy: projections, scenarios, intake planning and WISN.</summary>
    public const string WorkforcePlanning = nameof(WorkforcePlanning);
    /// <summary>Analyse routine data: indicator results per clinician, funnel plots, running the computation; adding and materialising SQL on FHIR views.</summary>
    public const string Analyst = nameof(Analyst);
    /// <summary>See skills and rate one's own (every role; drafts stay private to their author).</summary>
    public const string ReadSkills = nameof(ReadSkills);
    /// <summary>Confirm or return other people's ratings, review learning plans, see organisation coverage: Leads and Admins.</summary>
    public const string AssessSkills = nameof(AssessSkills);
    /// <summary>Import, export and edit custom competency frameworks: Admins and Leads.</summary>
    public const string ManageFrameworks = nameof(ManageFrameworks);

    /// <summary>
    /// Feedback on one's own practice (My practice) and peer comparisons with peers anonymous: clinicians, and Leads,
    /// Analysts and Admins (who may also practise). Row-level rules in the handlers keep each person to their own.
    /// </summary>
    public const string OwnPractice = nameof(OwnPractice);
    /// <summary>Team and site results, named for a Lead's own teams: Leads, Analysts and Admins.</summary>
    public const string PeerViews = nameof(PeerViews);
    /// <summary>Aggregate results with small counts suppressed (organisation and site level): every role.</summary>
    public const string AggregateResults = nameof(AggregateResults);
    /// <summary>Patient-level data behind an indicator: clinicians (their own patients only), Analysts and Admins. Every view is audited.</summary>
    public const string PatientLevelData = nameof(PatientLevelData);
    /// <summary>The Analysts' queue of questions about the data, and answering them.</summary>
    public const string AnswerDataQuestions = nameof(AnswerDataQuestions);
    /// <summary>Publish feedback cycles and see their history for everyone: Leads, Analysts, Admins.</summary>
    public const string PublishFeedback = nameof(PublishFeedback);
    /// <summary>Keep the information-governance register and area data sets: Leads and Admins (Analysts load area data).</summary>
    public const string ManageDataUse = nameof(ManageDataUse);
    /// <summary>The audit log: Admins only.</summary>
    public const string ReadAuditLog = nameof(ReadAuditLog);

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
        options.AddPolicy(WorkforcePlanning, p => p.RequireAuthenticatedUser().RequireRole(Roles.WorkforcePlanner, Roles.Lead, Roles.Admin));
        options.AddPolicy(Analyst, p => p.RequireAuthenticatedUser().RequireRole(Roles.Analyst, Roles.Admin));
        options.AddPolicy(ReadSkills, p => p.RequireAuthenticatedUser().RequireRole(Roles.All.ToArray()));
        options.AddPolicy(AssessSkills, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Lead));
        options.AddPolicy(ManageFrameworks, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Lead));
        options.AddPolicy(OwnPractice, p => p.RequireAuthenticatedUser().RequireRole(Roles.Clinician, Roles.Lead, Roles.Analyst, Roles.Admin));
        options.AddPolicy(PeerViews, p => p.RequireAuthenticatedUser().RequireRole(Roles.Lead, Roles.Analyst, Roles.Admin));
        options.AddPolicy(AggregateResults, p => p.RequireAuthenticatedUser().RequireRole(Roles.All.ToArray()));
        options.AddPolicy(PatientLevelData, p => p.RequireAuthenticatedUser().RequireRole(Roles.Clinician, Roles.Analyst, Roles.Admin));
        options.AddPolicy(AnswerDataQuestions, p => p.RequireAuthenticatedUser().RequireRole(Roles.Analyst, Roles.Admin));
        options.AddPolicy(PublishFeedback, p => p.RequireAuthenticatedUser().RequireRole(Roles.Lead, Roles.Analyst, Roles.Admin));
        options.AddPolicy(ManageDataUse, p => p.RequireAuthenticatedUser().RequireRole(Roles.Lead, Roles.Analyst, Roles.Admin));
        options.AddPolicy(ReadAuditLog, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
    }
}
