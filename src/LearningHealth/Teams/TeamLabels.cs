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
