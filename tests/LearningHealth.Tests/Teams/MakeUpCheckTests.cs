using LearningHealth.Initiatives;
using LearningHealth.Teams;

namespace LearningHealth.Tests.Teams;

public sealed class MakeUpCheckTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly Guid Host = Guid.NewGuid();
    private static readonly Guid Vendor = Guid.NewGuid();

    private static Initiative Needing(params RoleRequirement[] roles) => new()
    {
        Title = "Test",
        StartDate = Today.AddMonths(-1),
        EndDate = Today.AddMonths(12),
        Roles = [.. roles],
    };

    private static MemberFacts Member(
        string name, DisciplineGroup group, decimal fte = 0.5m, bool lead = false, EngagementType? engagement = EngagementType.Employed,
        DateOnly? engagementEnds = null, ClinicalProfession? profession = null, bool vendor = false, DateOnly? leftTeam = null) =>
        new(Guid.NewGuid(), name, group, profession, fte, lead, leftTeam, engagement, engagementEnds,
            vendor ? Vendor : Host, vendor ? "Meridian Health Data Ltd" : "Northfield Trust", vendor ? OrganisationKind.PlatformProvider : OrganisationKind.Host);

    [Fact]
    public void A_team_that_meets_every_requirement_has_no_gaps()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.Clinician, Count = 2, Fte = 0.4m, LeadRequired = true });

        var result = MakeUpCheck.Run(initiative, [Member("Ana", DisciplineGroup.Clinician, 0.2m, lead: true), Member("Ben", DisciplineGroup.Clinician, 0.2m)], Today);

        Assert.True(result.Complete);
        Assert.Empty(result.Gaps);
        Assert.True(Assert.Single(result.Roles).Met);
    }

    [Fact]
    public void Too_few_people_too_little_time_and_no_lead_are_each_a_gap_in_plain_words()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.Clinician, Count = 2, Fte = 0.6m, LeadRequired = true });

        var result = MakeUpCheck.Run(initiative, [Member("Ana", DisciplineGroup.Clinician, 0.2m)], Today);

        Assert.Equal(
            ["Needs 2 clinicians; has 1.", "Needs 0.6 FTE from clinicians; has 0.2 FTE.", "No lead for clinicians."],
            result.Gaps);
        Assert.False(result.Roles[0].Met);
    }

    [Fact]
    public void A_missing_patient_partner_is_named_in_the_singular()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.PatientsAndPublic, Count = 1, Fte = 0.05m });

        var result = MakeUpCheck.Run(initiative, [], Today);

        Assert.Contains("Needs 1 patient partner; has 0.", result.Gaps);
    }

    [Fact]
    public void People_of_another_group_do_not_fill_a_role()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.InformationAnalyst, Count = 1, Fte = 0.1m });

        var result = MakeUpCheck.Run(initiative, [Member("Ana", DisciplineGroup.Clinician)], Today);

        Assert.Equal(0, result.Roles[0].PresentCount);
        Assert.False(result.Complete);
    }

    [Fact]
    public void A_profession_specific_role_counts_only_that_profession()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.Clinician, Profession = ClinicalProfession.Pharmacy, Count = 1, Fte = 0.1m });

        var nurseOnly = MakeUpCheck.Run(initiative, [Member("Nia", DisciplineGroup.Clinician, profession: ClinicalProfession.Nursing)], Today);
        var withPharmacist = MakeUpCheck.Run(initiative, [Member("Pia", DisciplineGroup.Clinician, profession: ClinicalProfession.Pharmacy)], Today);

        Assert.Contains("Needs 1 clinician (pharmacy); has 0.", nurseOnly.Gaps);
        Assert.True(withPharmacist.Complete);
    }

    [Fact]
    public void Someone_whose_engagement_has_ended_does_not_count_and_is_flagged()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.Researcher, Count = 1, Fte = 0.2m });

        var result = MakeUpCheck.Run(initiative, [Member("Rae", DisciplineGroup.Researcher, engagement: null)], Today);

        Assert.Contains("Needs 1 researcher; has 0.", result.Gaps);
        Assert.Contains(result.Risks, r => r.StartsWith("Rae no longer has a current engagement", StringComparison.Ordinal));
    }

    [Fact]
    public void An_engagement_ending_before_the_initiative_ends_is_a_risk_but_still_counts_today()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.InformationAnalyst, Count = 1, Fte = 0.5m });

        var result = MakeUpCheck.Run(initiative, [Member("Carl", DisciplineGroup.InformationAnalyst, engagement: EngagementType.Contractor, engagementEnds: Today.AddDays(30))], Today);

        Assert.True(result.Complete);
        Assert.Contains("Carl's contractor engagement ends on 27 Dec 2026, before the initiative ends on 27 Nov 2027.", result.Risks);
    }

    [Fact]
    public void A_role_filled_only_by_one_platform_provider_s_staff_is_a_risk()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.DigitalAndInformatics, Count = 2, Fte = 1m });
        var vendorOnly = new[]
        {
            Member("Vic", DisciplineGroup.DigitalAndInformatics, engagement: EngagementType.PlatformProviderStaff, vendor: true),
            Member("Val", DisciplineGroup.DigitalAndInformatics, engagement: EngagementType.PlatformProviderStaff, vendor: true),
        };
        var mixed = new[] { vendorOnly[0], Member("Dee", DisciplineGroup.DigitalAndInformatics) };

        Assert.Contains(MakeUpCheck.Run(initiative, vendorOnly, Today).Risks, r => r.Contains("relies on one platform provider", StringComparison.Ordinal));
        Assert.DoesNotContain(MakeUpCheck.Run(initiative, mixed, Today).Risks, r => r.Contains("platform provider", StringComparison.Ordinal));
    }

    [Fact]
    public void Governance_not_yet_approved_is_a_gap_and_approved_governance_is_not()
    {
        var initiative = Needing();
        initiative.Governance = [new GovernanceItem { Name = "DPIA", Status = GovernanceStatus.Needed }, new GovernanceItem { Name = "Ethics", Status = GovernanceStatus.Approved }];

        var result = MakeUpCheck.Run(initiative, [], Today);

        Assert.Equal(["Governance not yet in place: DPIA (not started)."], result.Gaps);
        Assert.Single(result.OutstandingGovernance);
    }

    [Fact]
    public void Someone_who_has_left_the_initiative_does_not_count()
    {
        var initiative = Needing(new RoleRequirement { Group = DisciplineGroup.Designer, Count = 1, Fte = 0.2m });

        var result = MakeUpCheck.Run(initiative, [Member("Dan", DisciplineGroup.Designer, leftTeam: Today.AddDays(-1))], Today);

        Assert.Contains("Needs 1 designer; has 0.", result.Gaps);
    }
}
