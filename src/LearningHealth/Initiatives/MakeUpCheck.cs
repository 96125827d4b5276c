using System.Globalization;
using LearningHealth.Teams;

namespace LearningHealth.Initiatives;

/// <summary>What the make-up check needs to know about one member of an initiative's team.</summary>
public sealed record MemberFacts(
    Guid PersonId,
    string Name,
    DisciplineGroup Group,
    ClinicalProfession? Profession,
    decimal Fte,
    bool IsLead,
    DateOnly? MemberEndDate,
    EngagementType? Engagement,
    DateOnly? EngagementEndDate,
    Guid? OrganisationId,
    string? OrganisationName,
    OrganisationKind? OrganisationKind);

/// <summary>How well one role requirement is met.</summary>
public sealed record RoleCoverage(
    RoleRequirement Requirement,
    int PresentCount,
    decimal PresentFte,
    IReadOnlyList<string> LeadNames,
    bool Met);

/// <summary>The result of comparing the team an initiative needs with the team it has.</summary>
public sealed record MakeUpResult(
    IReadOnlyList<RoleCoverage> Roles,
    IReadOnlyList<string> Gaps,
    IReadOnlyList<string> Risks,
    IReadOnlyList<GovernanceItem> OutstandingGovernance)
{
    public bool Complete => Gaps.Count == 0;
}

/// <summary>
/// Compares the team an initiative needs (its role requirements, leads and governance) with the team it has today,
/// and says what is missing in plain words. Pure: callers load the facts.
/// </summary>
public static class MakeUpCheck
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static MakeUpResult Run(Initiative initiative, IReadOnlyList<MemberFacts> members, DateOnly today)
    {
        // Only people still in the team and still engaged by the LHS count towards its make-up.
        var counting = members.Where(m => IsActive(m, today)).ToList();
        var coverage = new List<RoleCoverage>();
        var gaps = new List<string>();

        foreach (var requirement in initiative.Roles)
        {
            var filling = counting.Where(m => m.Group == requirement.Group && (requirement.Profession is null || m.Profession == requirement.Profession)).ToList();
            var fte = filling.Sum(m => m.Fte);
            var leads = filling.Where(m => m.IsLead).Select(m => m.Name).ToList();
            var who = Describe(requirement);
            var met = true;
            if (filling.Count < requirement.Count)
            {
                gaps.Add($"Needs {requirement.Count} {Describe(requirement, requirement.Count != 1)}; has {filling.Count}.");
                met = false;
            }

            if (fte < requirement.Fte)
            {
                gaps.Add($"Needs {requirement.Fte.ToString("0.0#", English)} FTE from {who}; has {fte.ToString("0.0#", English)} FTE.");
                met = false;
            }

            if (requirement.LeadRequired && leads.Count == 0)
            {
                gaps.Add($"No lead for {who}.");
                met = false;
            }

            coverage.Add(new RoleCoverage(requirement, filling.Count, fte, leads, met));
        }

        var outstanding = initiative.Governance.Where(g => g.Status is GovernanceStatus.Needed or GovernanceStatus.InProgress).ToList();
        gaps.AddRange(outstanding.Select(g => $"Governance not yet in place: {g.Name} ({(g.Status == GovernanceStatus.Needed ? "not started" : "in progress")})."));

        return new MakeUpResult(coverage, gaps, Risks(initiative, members, counting, today), outstanding);
    }

    private static List<string> Risks(Initiative initiative, IReadOnlyList<MemberFacts> members, List<MemberFacts> counting, DateOnly today)
    {
        var risks = new List<string>();
        foreach (var member in members.Where(m => !IsActive(m, today)))
        {
            risks.Add(member.Engagement is null || member.EngagementEndDate < today
                ? $"{member.Name} no longer has a current engagement with the LHS, so does not count towards the team."
                : $"{member.Name} has left this initiative's team.");
        }

        var end = initiative.EndDate;
        foreach (var member in counting.Where(m => m.EngagementEndDate is { } leaves && (end is null || leaves < end)))
        {
            var leaves = member.EngagementEndDate!.Value;
            var until = end is { } e ? $", before the initiative ends on {e.ToString("d MMM yyyy", English)}" : "";
            risks.Add($"{member.Name}'s {TeamLabels.Label(member.Engagement!.Value).ToLowerInvariant()} engagement ends on {leaves.ToString("d MMM yyyy", English)}{until}.");
        }

        foreach (var requirement in initiative.Roles.Where(r => r.Count > 0))
        {
            var filling = counting.Where(m => m.Group == requirement.Group).ToList();
            var vendors = filling.Select(m => m.OrganisationKind == OrganisationKind.PlatformProvider ? m.OrganisationName : null).Distinct().ToList();
            if (filling.Count > 0 && vendors.Count == 1 && vendors[0] is { } vendor)
            {
                risks.Add($"Every one of the {Describe(requirement)} here is staff of {vendor}: the initiative relies on one platform provider for a required role.");
            }
        }

        return risks;
    }

    private static bool IsActive(MemberFacts member, DateOnly today) =>
        (member.MemberEndDate is null || member.MemberEndDate >= today)
        && member.Engagement is not null
        && (member.EngagementEndDate is null || member.EngagementEndDate >= today);

    /// <summary>The people a requirement asks for, as a sentence would name them: "patient partners", "clinicians (nursing)".</summary>
    public static string Describe(RoleRequirement requirement, bool plural = true)
    {
        var who = TeamLabels.Member(requirement.Group, plural);
        return requirement.Profession is { } profession && requirement.Group == DisciplineGroup.Clinician
            ? $"{who} ({TeamLabels.Label(profession).ToLowerInvariant()})"
            : who;
    }
}
