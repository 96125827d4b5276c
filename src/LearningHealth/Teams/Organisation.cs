using LearningHealth.Persistence;

namespace LearningHealth.Teams;

/// <summary>What part an organisation plays in the Learning Health System.</summary>
public enum OrganisationKind
{
    /// <summary>The organisation that runs the Learning Health System.</summary>
    Host,
    University,
    /// <summary>Another health or care provider working in partnership.</summary>
    PartnerTrust,
    /// <summary>A vendor whose staff build or run the data and software platforms.</summary>
    PlatformProvider,
    Consultancy,
    Other,
}

public sealed class Organisation : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    /// <summary>NHS Organisation Data Service code, where the organisation has one.</summary>
    public string? OdsCode { get; set; }
    public long Version { get; set; }
}
