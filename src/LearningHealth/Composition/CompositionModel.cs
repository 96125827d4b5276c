using LearningHealth.Initiatives;
using LearningHealth.Teams;

namespace LearningHealth.Composition;

/// <summary>A person's current level on one competency, as the skills record holds it.</summary>
public sealed record CompetencyLevel(string Framework, string Code, int Level, bool Confirmed, DateOnly? ExpiresOn = null);

/// <summary>
/// One person who could join the team: what they bring (discipline, engagement, time, competency levels) and what
/// they already give to other initiatives.
/// </summary>
public sealed record Candidate(
    Guid Id,
    string Name,
    DisciplineGroup Group,
    ClinicalProfession? Profession,
    EngagementType Engagement,
    decimal EngagementFte,
    decimal CommittedFte,
    DateOnly? EngagementEndDate,
    IReadOnlyList<CompetencyLevel> Levels)
{
    /// <summary>Time the person can still give without being overloaded: engagement FTE less FTE already committed.</summary>
    public decimal SpareFte => EngagementFte - CommittedFte;
}

/// <summary>What the team must provide (the initiative's requirements) and who is available.</summary>
public sealed record CompositionProblem(
    string Title,
    DateOnly StartDate,
    DateOnly? EndDate,
    IReadOnlyList<RoleRequirement> Roles,
    IReadOnlyList<CompetencyRequirement> Competencies,
    IReadOnlyList<Candidate> People);

/// <summary>What to do with a person whose engagement ends before the initiative does.</summary>
public enum EndDatePolicy
{
    /// <summary>They may join, at a cost (<see cref="CompositionWeights.EngagementEndsEarly"/>).</summary>
    Penalise,
    /// <summary>They are not proposed at all.</summary>
    Exclude,
}

/// <summary>The choices a Lead makes before asking for a proposal.</summary>
public sealed record CompositionOptions
{
    public static readonly IReadOnlySet<EngagementType> DefaultCappedTypes = new HashSet<EngagementType> { EngagementType.Contractor, EngagementType.PlatformProviderStaff };
    public static readonly IReadOnlySet<EngagementType> DefaultLeadTypes = new HashSet<EngagementType> { EngagementType.Employed, EngagementType.Seconded, EngagementType.Volunteer };

    /// <summary>Count unconfirmed (self-assessed) levels as held. Confirmed, unexpired levels always count.</summary>
    public bool AllowUnconfirmed { get; init; }
    /// <summary>Prefer teams where people one level short of a required competency work beside someone who holds it.</summary>
    public bool PreferDevelopment { get; init; }
    /// <summary>Largest team the Lead will accept; none means no limit beyond what the work needs.</summary>
    public int? MaxTeamSize { get; init; }
    /// <summary>Largest share of the team's FTE, in percent, that may come from <see cref="CappedTypes"/>.</summary>
    public int CappedSharePercent { get; init; } = 30;
    public IReadOnlySet<EngagementType> CappedTypes { get; init; } = DefaultCappedTypes;
    /// <summary>Engagement types from which a group's lead may come (not contractors, consultants or platform-provider staff, by default).</summary>
    public IReadOnlySet<EngagementType> LeadTypes { get; init; } = DefaultLeadTypes;
    public EndDatePolicy EndDates { get; init; } = EndDatePolicy.Penalise;
    public IReadOnlySet<Guid> MustInclude { get; init; } = new HashSet<Guid>();
    public IReadOnlySet<Guid> MustExclude { get; init; } = new HashSet<Guid>();
    /// <summary>How many distinct teams to propose (the best first).</summary>
    public int Alternatives { get; init; } = 1;
    /// <summary>Time limit for each solve (the best team, then each alternative).</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(5);
    public int Workers { get; init; } = 2;
    /// <summary>Least FTE a member gives the initiative.</summary>
    public decimal MinimumFte { get; init; } = 0.1m;
    /// <summary>
    /// For large pools (see <see cref="ShortlistAbove"/>), the solver is offered only the few people who meet each
    /// requirement most cheaply (this many per requirement, more for roles of several people), plus the greedy team;
    /// a proved optimum is then optimal over that shortlist. Zero offers everyone who could be in an optimal team.
    /// </summary>
    public int ShortlistPerRequirement { get; init; } = 8;
    /// <summary>
    /// The shortlist applies only when more people than this remain after dominance. At 5,000, generated pools of
    /// 10,000 people (2,200 to 4,000 candidates left) are solved whole and proved optimal within 8 s on two cores.
    /// </summary>
    public int ShortlistAbove { get; init; } = 5_000;
    /// <summary>
    /// CP-SAT parameters in its text format. The default runs two full solvers, one with the strongest linear
    /// relaxation and one restarting often, which prove optimality far sooner on these models than the default
    /// portfolio of neighbourhood searches, and keeps presolve short (it took half the time on 1,000-person pools).
    /// </summary>
    public string SolverParameters { get; init; } = "subsolvers:\"max_lp\" subsolvers:\"quick_restart\" symmetry_level:0 max_presolve_iterations:1 presolve_probing_deterministic_time_limit:0.05";
    /// <summary>Cost per hundredth of FTE by engagement type; missing types cost <see cref="CompositionWeights.DefaultCost"/>.</summary>
    public IReadOnlyDictionary<EngagementType, int> CostWeights { get; init; } = CompositionWeights.DefaultCosts;
    /// <summary>The day levels must still be valid on; defaults to the initiative's start.</summary>
    public DateOnly? AsOf { get; init; }

    public int CostOf(EngagementType type) => CostWeights.TryGetValue(type, out var cost) ? cost : CompositionWeights.DefaultCost;
}

/// <summary>The weights of the objective, tier by tier. FTE is counted in hundredths.</summary>
public static class CompositionWeights
{
    /// <summary>Tier 1: one unmet unit of a requirement (a missing person, holder or lead; a person over the size limit).</summary>
    public const long Unmet = 1_000_000;
    /// <summary>Tier 1: each hundredth of FTE a role is short by (so 0.1 FTE short weighs as much as a missing person).</summary>
    public const long FteShortPerHundredth = Unmet / 10;
    /// <summary>Tier 1: each unit of 100 × capped FTE − cap% × all FTE above zero (a hundredth of capped FTE over the cap weighs about 1.4 × Unmet).</summary>
    public const long CapExcessPerUnit = Unmet / 50;
    /// <summary>Tier 2: each hundredth of FTE beyond a person's spare capacity.</summary>
    public const long OverloadPerHundredth = 40;
    /// <summary>Tier 2: each member, for the cost of coordinating a larger team.</summary>
    public const long PerMember = 50;
    /// <summary>Tier 2: a member whose engagement ends before the initiative does.</summary>
    public const long EngagementEndsEarly = 1_000;
    /// <summary>Tier 3: bonus for a member one level short of a requirement who works beside a holder (at most one per member).</summary>
    public const long Development = 40;
    public const int DefaultCost = 10;

    public static readonly IReadOnlyDictionary<EngagementType, int> DefaultCosts = new Dictionary<EngagementType, int>
    {
        [EngagementType.Employed] = 10,
        [EngagementType.Seconded] = 10,
        [EngagementType.Volunteer] = 10,
        [EngagementType.Contractor] = 25,
        [EngagementType.PlatformProviderStaff] = 25,
        [EngagementType.Consultant] = 30,
    };
}
