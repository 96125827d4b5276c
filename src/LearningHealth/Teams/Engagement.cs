using LearningHealth.Persistence;

namespace LearningHealth.Teams;

/// <summary>On what terms a person works in the Learning Health System. The seed notes that not everyone is employed directly.</summary>
public enum EngagementType
{
    Employed,
    Seconded,
    Contractor,
    Consultant,
    PlatformProviderStaff,
    Volunteer,
}

/// <summary>
/// One period of a person's work for the Learning Health System. Past engagements are kept as history:
/// an engagement ends by getting an <see cref="EndDate"/>, never by being deleted.
/// </summary>
public sealed class Engagement : IVersioned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public EngagementType Type { get; set; }
    /// <summary>
    /// The employer; for a secondment, the organisation the person is seconded from; for platform-provider staff, the vendor.
    /// </summary>
    public Guid OrganisationId { get; set; }
    public Organisation? Organisation { get; set; }
    public string? RoleTitle { get; set; }
    /// <summary>Full-time equivalent given to the Learning Health System (1.0 = full time).</summary>
    public decimal Fte { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public long Version { get; set; }

    public bool IsCurrentOn(DateOnly day) => StartDate <= day && (EndDate is null || EndDate >= day);
}
