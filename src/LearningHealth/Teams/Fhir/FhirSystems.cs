namespace LearningHealth.Teams.Fhir;

/// <summary>
/// The identifier and code systems the FHIR export uses: NHS and UK Core systems where one exists, otherwise
/// LearningHealth's own, all under <see cref="LearningHealthBase"/>. That base is in the reserved <c>.example</c>
/// domain because the project has no registered domain of its own; it is the one value to change when it has.
/// </summary>
public static class FhirSystems
{
    public const string OdsOrganisationCode = "https://fhir.nhs.uk/Id/ods-organization-code";
    public const string GmcNumber = "https://fhir.hl7.org.uk/Id/gmc-number";
    public const string NmcNumber = "https://fhir.hl7.org.uk/Id/nmc-number";
    public const string HcpcNumber = "https://fhir.hl7.org.uk/Id/hcpc-number";
    public const string GphcNumber = "https://fhir.hl7.org.uk/Id/gphc-number";

    /// <summary>The base FHIR code system for the kind of an organisation (prov, edu, bus, other, ...).</summary>
    public const string OrganisationType = "http://terminology.hl7.org/CodeSystem/organization-type";

    public const string LearningHealthBase = "https://learninghealth.example/fhir";
    public const string OrganisationKind = LearningHealthBase + "/CodeSystem/organisation-kind";
    public const string DisciplineGroup = LearningHealthBase + "/CodeSystem/discipline-group";
    public const string ClinicalProfession = LearningHealthBase + "/CodeSystem/clinical-profession";
    public const string InitiativeRole = LearningHealthBase + "/CodeSystem/initiative-role";

    /// <summary>
    /// The identifier system of a professional register: UK Core's for the GMC, NMC, HCPC and GPhC, otherwise one of
    /// LearningHealth's named after the register (e.g. GDC), or a general one when the register is not recorded.
    /// </summary>
    public static string Registration(string? body)
    {
        var name = new string((body ?? "").Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return name switch
        {
            "gmc" => GmcNumber,
            "nmc" => NmcNumber,
            "hcpc" => HcpcNumber,
            "gphc" => GphcNumber,
            "" => LearningHealthBase + "/Id/registration",
            _ => $"{LearningHealthBase}/Id/registration/{name}",
        };
    }

    /// <summary>The closest code of the base FHIR organisation types for each kind of organisation.</summary>
    public static (string Code, string Display) OrganisationTypeOf(Teams.OrganisationKind kind) => kind switch
    {
        Teams.OrganisationKind.Host or Teams.OrganisationKind.PartnerTrust => ("prov", "Healthcare Provider"),
        Teams.OrganisationKind.University => ("edu", "Educational Institute"),
        Teams.OrganisationKind.PlatformProvider or Teams.OrganisationKind.Consultancy => ("bus", "Non-Healthcare Business or Corporation"),
        _ => ("other", "Other"),
    };
}
