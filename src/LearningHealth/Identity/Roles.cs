namespace LearningHealth.Identity;

/// <summary>The roles people hold in LearningHealth. A person may hold several.</summary>
public static class Roles
{
    public const string Admin = nameof(Admin);
    /// <summary>LHS programme or initiative lead.</summary>
    public const string Lead = nameof(Lead);
    public const string Analyst = nameof(Analyst);
    public const string Clinician = nameof(Clinician);
    /// <summary>Any member of the LHS team.</summary>
    public const string Member = nameof(Member);
    public const string PatientPartner = nameof(PatientPartner);
    public const string WorkforcePlanner = nameof(WorkforcePlanner);

    public static readonly IReadOnlyList<string> All =
        [Admin, Lead, Analyst, Clinician, Member, PatientPartner, WorkforcePlanner];

    public static string Describe(string role) => role switch
    {
        Admin => "Administrator: manages users and roles",
        Lead => "LHS programme or initiative lead",
        Analyst => "Information analyst",
        Clinician => "Clinician",
        Member => "Team member",
        PatientPartner => "Patient partner",
        WorkforcePlanner => "Workforce planner",
        _ => role,
    };
}
