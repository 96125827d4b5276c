using LearningHealth.Teams;

namespace LearningHealth.Composition;

/// <summary>One member of a proposed team.</summary>
public sealed record ProposedMember(
    Guid PersonId,
    string Name,
    DisciplineGroup Group,
    EngagementType Engagement,
    decimal Fte,
    bool IsLead,
    decimal OverloadFte,
    bool EngagementEndsEarly,
    IReadOnlyList<string> Holds,
    IReadOnlyList<string> LearningGoals);

/// <summary>A requirement the proposed team does not meet, and what would meet it.</summary>
public sealed record UnmetRequirement(string Requirement, string Explanation);

/// <summary>The parts of a team's score, tier by tier (see <see cref="CompositionWeights"/>).</summary>
public sealed record TeamScore(
    int RoleCountShort,
    int RoleFteShortHundredths,
    int HoldersShort,
    int LeadsMissing,
    long CapExcess,
    int SizeExcess,
    long Cost,
    int OverloadHundredths,
    int EndsEarly,
    int DevelopmentPairs,
    long Objective)
{
    /// <summary>Tier 1 of the objective: the penalties for unmet requirements.</summary>
    public long UnmetPenalty => (CompositionWeights.Unmet * (RoleCountShort + HoldersShort + LeadsMissing + SizeExcess))
        + (CompositionWeights.FteShortPerHundredth * RoleFteShortHundredths) + (CompositionWeights.CapExcessPerUnit * CapExcess);

    /// <summary>Tiers 2 and 3: cost, overload, members, early endings, less the development bonus.</summary>
    public long CostTiers => Objective - UnmetPenalty;

    public int RequirementsUnmet => RoleCountShort + HoldersShort + LeadsMissing + (RoleFteShortHundredths > 0 ? 1 : 0) + (CapExcess > 0 ? 1 : 0) + (SizeExcess > 0 ? 1 : 0);
}

public enum SolveQuality
{
    /// <summary>The solver proved no better team exists.</summary>
    Optimal,
    /// <summary>The best team found within the time limit; <see cref="ProposedTeam.Gap"/> bounds how far from the best it may be.</summary>
    Feasible,
    /// <summary>Found by the greedy baseline, not the solver.</summary>
    Heuristic,
}

/// <summary>One proposed team with its trade-offs and every requirement it leaves unmet.</summary>
public sealed record ProposedTeam(
    int Rank,
    IReadOnlyList<ProposedMember> Members,
    TeamScore Score,
    int RequirementsTotal,
    IReadOnlyList<UnmetRequirement> Unmet,
    SolveQuality Quality,
    double? Gap,
    TimeSpan SolveTime)
{
    public decimal TotalFte => Members.Sum(m => m.Fte);
    public decimal OverloadFte => Members.Sum(m => m.OverloadFte);
    public int RequirementsMet => RequirementsTotal - Unmet.Count;
}

/// <summary>The proposals for one initiative: the best team first, then distinct alternatives.</summary>
public sealed record CompositionResult(
    string Title,
    IReadOnlyList<ProposedTeam> Teams,
    IReadOnlyList<string> Notes,
    int CandidatesConsidered,
    int PoolSize);
