namespace LearningHealth.Teams;

/// <summary>Plain-English names for the team's categories, as pages and exports show them.</summary>
public static class TeamLabels
{
    public static string Label(DisciplineGroup group) => group switch
    {
        DisciplineGroup.PatientsAndPublic => "Patients and public",
        DisciplineGroup.Clinician => "Clinicians",
        DisciplineGroup.Researcher => "Researchers",
        DisciplineGroup.Designer => "Designers",
        DisciplineGroup.Strategy => "Strategy",
        DisciplineGroup.OperationalDelivery => "Operational delivery",
        DisciplineGroup.InformationAnalyst => "Information analysts and data scientists",
        DisciplineGroup.DigitalAndInformatics => "Digital and informatics",
        DisciplineGroup.OtherSupport => "Other support professions",
        _ => group.ToString(),
    };

    /// <summary>What one member (or several) of a discipline group is called in a sentence: "Needs 2 clinicians".</summary>
    public static string Member(DisciplineGroup group, bool plural) => (group, plural) switch
    {
        (DisciplineGroup.PatientsAndPublic, false) => "patient partner",
        (DisciplineGroup.PatientsAndPublic, true) => "patient partners",
        (DisciplineGroup.Clinician, false) => "clinician",
        (DisciplineGroup.Clinician, true) => "clinicians",
        (DisciplineGroup.Researcher, false) => "researcher",
        (DisciplineGroup.Researcher, true) => "researchers",
        (DisciplineGroup.Designer, false) => "designer",
        (DisciplineGroup.Designer, true) => "designers",
        (DisciplineGroup.Strategy, false) => "strategist",
        (DisciplineGroup.Strategy, true) => "strategists",
        (DisciplineGroup.OperationalDelivery, false) => "operational delivery manager",
        (DisciplineGroup.OperationalDelivery, true) => "operational delivery managers",
        (DisciplineGroup.InformationAnalyst, false) => "information analyst or data scientist",
        (DisciplineGroup.InformationAnalyst, true) => "information analysts or data scientists",
        (DisciplineGroup.DigitalAndInformatics, false) => "digital and informatics specialist",
        (DisciplineGroup.DigitalAndInformatics, true) => "digital and informatics specialists",
        (DisciplineGroup.OtherSupport, false) => "support professional",
        _ => "support professionals",
    };

    public static string Label(EngagementType type) => type switch
    {
        EngagementType.Employed => "Employed",
        EngagementType.Seconded => "Seconded",
        EngagementType.Contractor => "Contractor",
        EngagementType.Consultant => "Consultant",
        EngagementType.PlatformProviderStaff => "Platform provider staff",
        EngagementType.Volunteer => "Volunteer",
        _ => type.ToString(),
    };

    public static string Label(ClinicalProfession profession) => profession switch
    {
        ClinicalProfession.AlliedHealth => "Allied health",
        ClinicalProfession.HealthcareScience => "Healthcare science",
        _ => profession.ToString(),
    };

    public static string Label(OrganisationKind kind) => kind switch
    {
        OrganisationKind.Host => "Host organisation",
        OrganisationKind.PartnerTrust => "Partner trust",
        OrganisationKind.PlatformProvider => "Platform provider",
        _ => kind.ToString(),
    };
}
