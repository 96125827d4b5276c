namespace LearningHealth.Teams;

/// <summary>
/// The FHIR identifier systems of UK professional registers (UK Core), so that a person's registration number in the
/// team can be matched to the Practitioner who records care in routine data.
/// </summary>
public static class ProfessionalRegisters
{
    private static readonly Dictionary<string, string> Systems = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMC"] = "https://fhir.hl7.org.uk/Id/gmc-number",
        ["NMC"] = "https://fhir.hl7.org.uk/Id/nmc-number",
        ["HCPC"] = "https://fhir.hl7.org.uk/Id/hcpc-number",
        ["GPhC"] = "https://fhir.hl7.org.uk/Id/gphc-number",
        ["GDC"] = "https://fhir.hl7.org.uk/Id/gdc-number",
    };

    /// <summary>The identifier system of a register (e.g. GMC), or null for one we do not know.</summary>
    public static string? SystemFor(string? body) => body is not null && Systems.TryGetValue(body, out var system) ? system : null;
}
