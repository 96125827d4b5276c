using LearningHealth.Persistence;

namespace LearningHealth.Teams;

/// <summary>The groups the seed names as the make-up of a multidisciplinary Learning Health System team.</summary>
public enum DisciplineGroup
{
    PatientsAndPublic,
    Clinician,
    Researcher,
    Designer,
    Strategy,
    OperationalDelivery,
    InformationAnalyst,
    DigitalAndInformatics,
    OtherSupport,
}

/// <summary>A clinician's profession, as UK professional registers group them.</summary>
public enum ClinicalProfession
{
    Medical,
    Nursing,
    Midwifery,
    AlliedHealth,
    Pharmacy,
    Dental,
    HealthcareScience,
    Psychology,
    Other,
}

public sealed class Person : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string GivenName { get; set; }
    public required string FamilyName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public DisciplineGroup Discipline { get; set; }
    /// <summary>Set for clinicians only.</summary>
    public ClinicalProfession? Profession { get; set; }
    /// <summary>Professional register, e.g. GMC, NMC, HCPC.</summary>
    public string? RegistrationBody { get; set; }
    public string? RegistrationNumber { get; set; }
    public long Version { get; set; }

    public List<Engagement> Engagements { get; set; } = [];

    public string DisplayName => $"{GivenName} {FamilyName}";
}
