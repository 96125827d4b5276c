using LearningHealth.Composition;
using LearningHealth.Initiatives;
using LearningHealth.Teams;
using static LearningHealth.Teams.DisciplineGroup;
using static LearningHealth.Teams.EngagementType;

namespace LearningHealth.Tests.Composition;

public sealed class TeamSolverTests
{
    private static readonly DateOnly Start = new(2027, 1, 1);
    private static readonly DateOnly End = new(2027, 12, 31);
    private static readonly CompositionOptions Fast = new() { TimeLimit = TimeSpan.FromSeconds(5) };

    internal static Candidate P(string name, DisciplineGroup group, EngagementType type = Employed, decimal fte = 1.0m, decimal committed = 0m, DateOnly? ends = null, params CompetencyLevel[] levels) =>
        new(Guid.NewGuid(), name, group, null, type, fte, committed, ends, levels);

    internal static CompetencyLevel L(string code, int level, bool confirmed = true) => new("LHS", code, level, confirmed);

    internal static RoleRequirement Role(DisciplineGroup group, int count, decimal fte, bool lead = false) => new() { Group = group, Count = count, Fte = fte, LeadRequired = lead };

    internal static CompetencyRequirement Skill(string code, int level, int holders = 1, string? name = null) => new() { Framework = "LHS", Code = code, Name = name ?? code, MinimumLevel = level, Holders = holders };

    private static CompositionProblem Problem(RoleRequirement[] roles, CompetencyRequirement[] skills, params Candidate[] people) => new("Test", Start, End, roles, skills, people);

    private static ProposedTeam Best(CompositionProblem problem, CompositionOptions? options = null) => TeamSolver.Solve(problem, options ?? Fast).Teams[0];

    private static string[] Names(ProposedTeam team) => [.. team.Members.Select(m => m.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_small_team_with_a_known_optimum_is_found_and_proved_optimal()
    {
        var problem = Problem(
            [Role(Clinician, 1, 0.2m), Role(InformationAnalyst, 1, 0.3m)],
            [Skill("SPC", 3)],
            P("Ana", Clinician), P("Ben", Clinician, Contractor), P("Cat", InformationAnalyst, levels: L("SPC", 3)), P("Dan", InformationAnalyst));

        var team = Best(problem);

        // By hand: Ana 0.2 and Cat 0.3 FTE at cost 10 per hundredth, plus 50 per member: 200 + 300 + 100.
        Assert.Equal(["Ana", "Cat"], Names(team));
        Assert.Equal(600, team.Score.Objective);
        Assert.Equal(SolveQuality.Optimal, team.Quality);
        Assert.Empty(team.Unmet);
        Assert.Equal(0.2m, team.Members.Single(m => m.Name == "Ana").Fte);
        Assert.Equal(0.3m, team.Members.Single(m => m.Name == "Cat").Fte);
    }

    [Fact]
    public void When_no_one_holds_a_competency_the_best_partial_team_comes_back_with_who_is_closest_and_what_blocks_others()
    {
        var problem = Problem(
            [Role(InformationAnalyst, 1, 0.2m)],
            [Skill("SPC", 3, name: "Statistical process control")],
            P("Ana Ames", InformationAnalyst, levels: L("SPC", 2)), P("Ben Bell", Researcher, Contractor, levels: L("SPC", 3)));

        var team = Best(problem);

        Assert.Equal(["Ana Ames"], Names(team));
        var unmet = Assert.Single(team.Unmet);
        Assert.Equal("1 person holding 'Statistical process control' at level 3", unmet.Requirement);
        Assert.Contains("blocks Ben Bell (contractor)", unmet.Explanation, StringComparison.Ordinal);
        Assert.Contains("Ana Ames (level 2) or recruit", unmet.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_competency_no_one_has_at_all_says_so_and_suggests_recruiting()
    {
        var problem = Problem([Role(Clinician, 1, 0.1m)], [Skill("QI", 2, name: "Quality improvement")], P("Ana", Clinician));

        var unmet = Assert.Single(Best(problem).Unmet);

        Assert.Equal("The team has 0. No one available holds 'Quality improvement' at level 2: recruit, or develop someone to that level.", unmet.Explanation);
    }

    [Fact]
    public void A_missing_role_with_no_one_in_that_group_asks_to_recruit()
    {
        var problem = Problem([Role(PatientsAndPublic, 1, 0.1m), Role(Clinician, 1, 0.1m)], [], P("Ana", Clinician));

        var team = Best(problem);

        Assert.Equal(["Ana"], Names(team));
        var unmet = Assert.Single(team.Unmet, u => u.Requirement == "1 patient partner");
        Assert.Contains("No other patient partner is available: recruit one.", unmet.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_contractor_cap_changes_the_chosen_team()
    {
        var problem = Problem([Role(InformationAnalyst, 1, 0.5m)], [], P("Cat", InformationAnalyst, Contractor), P("Dan", InformationAnalyst, committed: 1.0m));

        var uncapped = Best(problem, Fast with { CappedSharePercent = 100 });
        var capped = Best(problem, Fast with { CappedSharePercent = 30 });

        Assert.Equal(["Cat"], Names(uncapped));
        Assert.Contains("Dan", Names(capped));
        var contractorFte = capped.Members.Where(m => m.Engagement == Contractor).Sum(m => m.Fte);
        Assert.True(contractorFte * 100 <= 30 * capped.TotalFte, $"{contractorFte} of {capped.TotalFte}");
        Assert.Empty(capped.Unmet);
    }

    [Fact]
    public void The_maximum_team_size_changes_the_chosen_team()
    {
        var problem = Problem(
            [],
            [Skill("A", 2), Skill("B", 2)],
            P("Ana", Researcher, levels: L("A", 2)), P("Ben", Researcher, levels: L("B", 2)), P("Cat", Researcher, Consultant, levels: [L("A", 3), L("B", 3)]));

        Assert.Equal(["Ana", "Ben"], Names(Best(problem)));
        var limited = Best(problem, Fast with { MaxTeamSize = 1 });
        Assert.Equal(["Cat"], Names(limited));
        Assert.Empty(limited.Unmet);
    }

    [Fact]
    public void A_team_size_limit_that_blocks_a_holder_is_named_in_the_explanation()
    {
        var problem = Problem([], [Skill("A", 2), Skill("B", 2)], P("Ana", Researcher, levels: L("A", 2)), P("Ben", Researcher, levels: L("B", 2)));

        var team = Best(problem, Fast with { MaxTeamSize = 1 });

        var unmet = Assert.Single(team.Unmet);
        Assert.Contains("the maximum team size (1) blocks", unmet.Explanation, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_person_excluded_by_the_lead_is_never_proposed_and_the_explanation_says_so()
    {
        var ana = P("Ana", Clinician);
        var problem = Problem([Role(Clinician, 1, 0.2m)], [], ana, P("Ben", Clinician, Contractor));

        var team = Best(problem, Fast with { MustExclude = new HashSet<Guid> { ana.Id }, CappedSharePercent = 100 });
        var without = Best(problem with { People = [ana] }, Fast with { MustExclude = new HashSet<Guid> { ana.Id } });

        Assert.Equal(["Ben"], Names(team));
        Assert.Contains("Ana is not proposed: excluded at your request", Assert.Single(without.Unmet, u => u.Requirement == "1 clinician").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_the_lead_includes_is_always_in_the_team()
    {
        var dan = P("Dan", Designer, Consultant);
        var problem = Problem([Role(Clinician, 1, 0.2m)], [], P("Ana", Clinician), dan);

        Assert.Equal(["Ana"], Names(Best(problem)));
        var team = Best(problem, Fast with { MustInclude = new HashSet<Guid> { dan.Id } });
        Assert.Equal(["Ana", "Dan"], Names(team));
        Assert.Equal(0.1m, team.Members.Single(m => m.Name == "Dan").Fte);
    }

    [Fact]
    public void Including_someone_who_is_not_available_is_noted()
    {
        var result = TeamSolver.Solve(Problem([Role(Clinician, 1, 0.2m)], [], P("Ana", Clinician)), Fast with { MustInclude = new HashSet<Guid> { Guid.NewGuid() } });

        Assert.Equal("1 person you asked to include has no current engagement, so cannot be proposed.", Assert.Single(result.Notes));
        Assert.Equal(["Ana"], Names(result.Teams[0]));
    }

    [Fact]
    public void A_critical_competency_needs_two_holders_so_no_one_is_a_single_point_of_failure()
    {
        var people = new[] { P("Ana", Researcher, levels: L("IG", 3)), P("Ben", Researcher, levels: L("IG", 4)), P("Cat", Researcher, Contractor, levels: L("IG", 3)) };

        Assert.Single(Best(Problem([], [Skill("IG", 3, holders: 1)], people)).Members);
        var team = Best(Problem([], [Skill("IG", 3, holders: 2)], people));
        Assert.Equal(["Ana", "Ben"], Names(team));
        Assert.Empty(team.Unmet);
    }

    [Fact]
    public void A_required_lead_cannot_be_a_contractor_which_changes_the_team()
    {
        var people = new[] { P("Ana", Clinician, Contractor), P("Ben", Clinician, committed: 1.0m) };
        var options = Fast with { CappedSharePercent = 100 };

        Assert.Equal(["Ana"], Names(Best(Problem([Role(Clinician, 1, 0.2m)], [], people), options)));
        var led = Best(Problem([Role(Clinician, 1, 0.2m, lead: true)], [], people), options);
        var lead = Assert.Single(led.Members, m => m.IsLead);
        Assert.Equal("Ben", lead.Name);
        Assert.Equal(lead.Fte, lead.OverloadFte);
        Assert.Empty(led.Unmet);
    }

    [Fact]
    public void A_lead_no_one_can_take_is_explained()
    {
        var team = Best(Problem([Role(Clinician, 1, 0.2m, lead: true)], [], P("Ana", Clinician, Contractor)), Fast with { CappedSharePercent = 100 });

        var unmet = Assert.Single(team.Unmet);
        Assert.Equal("A lead for clinicians", unmet.Requirement);
        Assert.Contains("Ana (contractor) cannot: a lead must be employed, seconded or volunteer", unmet.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_engagement_ending_inside_the_initiative_counts_against_a_person_or_excludes_them()
    {
        var ana = P("Ana", Clinician, ends: new DateOnly(2027, 6, 30));
        var ben = P("Ben", Clinician, committed: 0.9m);
        var problem = Problem([Role(Clinician, 1, 0.2m)], [], ana, ben);

        Assert.Equal(["Ana"], Names(Best(problem with { People = [ana, ben with { Engagement = Consultant, CommittedFte = 1.0m }] })));
        Assert.Equal(["Ben"], Names(Best(problem)));
        Assert.True(Best(problem with { People = [ana] }).Members.Single().EngagementEndsEarly);
        var excluded = Best(problem with { People = [ana] }, Fast with { EndDates = EndDatePolicy.Exclude });
        Assert.Empty(excluded.Members);
        Assert.Contains("engagement ends 30 Jun 2027, before the initiative does", excluded.Unmet[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unconfirmed_levels_count_only_when_the_lead_allows_them()
    {
        var problem = Problem([], [Skill("SPC", 3)], P("Ana", InformationAnalyst, levels: L("SPC", 3, confirmed: false)));

        var strict = Best(problem);
        var lenient = Best(problem, Fast with { AllowUnconfirmed = true });

        Assert.Empty(strict.Members);
        Assert.Contains("Ana (level 3, not confirmed: confirm it or allow unconfirmed levels)", strict.Unmet[0].Explanation, StringComparison.Ordinal);
        Assert.Equal(["Ana"], Names(lenient));
    }

    [Fact]
    public void Expired_levels_do_not_count()
    {
        var problem = Problem([], [Skill("SPC", 3)], P("Ana", InformationAnalyst, levels: new CompetencyLevel("LHS", "SPC", 3, true, new DateOnly(2026, 1, 1))));

        var team = Best(problem);

        Assert.Empty(team.Members);
        Assert.Contains("expired 1 Jan 2026", team.Unmet[0].Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Preferring_development_picks_the_person_one_level_short_beside_a_holder()
    {
        var problem = Problem(
            [Role(InformationAnalyst, 2, 0.4m)],
            [Skill("SPC", 3)],
            P("Cat", InformationAnalyst, levels: L("SPC", 3)), P("Abe", InformationAnalyst), P("Zoe", InformationAnalyst, levels: L("SPC", 2)));

        var plain = Best(problem);
        var developing = Best(problem, Fast with { PreferDevelopment = true });

        Assert.Equal(["Cat", "Zoe"], Names(developing));
        Assert.Equal(1, developing.Score.DevelopmentPairs);
        Assert.Equal("SPC to level 3 (now 2), beside Cat", Assert.Single(developing.Members.Single(m => m.Name == "Zoe").LearningGoals));
        Assert.Equal(plain.Score.Cost, developing.Score.Cost);
    }

    [Fact]
    public void Alternatives_are_distinct_teams_from_best_to_worse()
    {
        var problem = Problem(
            [Role(Clinician, 1, 0.2m), Role(InformationAnalyst, 1, 0.2m)],
            [Skill("SPC", 2)],
            P("Ana", Clinician), P("Ben", Clinician, committed: 0.9m), P("Cat", InformationAnalyst, levels: L("SPC", 2)), P("Dan", InformationAnalyst, Seconded, levels: L("SPC", 3)));

        var result = TeamSolver.Solve(problem, Fast with { Alternatives = 3 });

        Assert.Equal(3, result.Teams.Count);
        Assert.Equal(3, result.Teams.Select(t => string.Join(",", Names(t))).Distinct().Count());
        Assert.True(result.Teams.Zip(result.Teams.Skip(1)).All(p => p.First.Score.Objective <= p.Second.Score.Objective));
        Assert.Equal([1, 2, 3], result.Teams.Select(t => t.Rank));
    }

    [Fact]
    public void The_solver_is_at_least_as_good_as_greedy_on_random_small_instances()
    {
        var strictlyBetter = 0;
        for (var seed = 1; seed <= 25; seed++)
        {
            var problem = RandomProblem(seed);
            var options = Fast with { MaxTeamSize = seed % 3 == 0 ? 6 : null, PreferDevelopment = seed % 2 == 0 };

            var solver = TeamSolver.Solve(problem, options).Teams[0];
            var greedy = GreedyTeam.Propose(problem, options);

            Assert.True(solver.Score.Objective <= greedy.Score.Objective, $"seed {seed}: solver {solver.Score.Objective}, greedy {greedy.Score.Objective}");
            strictlyBetter += solver.Score.Objective < greedy.Score.Objective ? 1 : 0;
        }

        Assert.True(strictlyBetter > 0);
    }

    private static CompositionProblem RandomProblem(int seed)
    {
        var random = new Random(seed);
        var groups = new[] { PatientsAndPublic, Clinician, Researcher, InformationAnalyst, DigitalAndInformatics };
        var types = new[] { Employed, Employed, Employed, Seconded, Contractor, PlatformProviderStaff, Volunteer, Consultant };
        var codes = Enumerable.Range(1, 8).Select(i => $"C{i}").ToArray();
        var people = Enumerable.Range(0, 14).Select(i => P(
            $"Person {i:00}",
            groups[random.Next(groups.Length)],
            types[random.Next(types.Length)],
            fte: random.Next(2, 11) / 10m,
            committed: random.Next(0, 6) / 10m,
            ends: random.Next(5) == 0 ? new DateOnly(2027, 5, 1) : null,
            levels: [.. codes.Where(_ => random.Next(3) == 0).Select(c => L(c, random.Next(1, 5), random.Next(4) > 0))])).ToArray();
        var roles = groups.Where(_ => random.Next(2) == 0).Select(g => Role(g, random.Next(1, 3), random.Next(1, 8) / 10m, random.Next(2) == 0)).ToArray();
        var skills = codes.Where(_ => random.Next(2) == 0).Select(c => Skill(c, random.Next(2, 4), random.Next(1, 3))).ToArray();
        return Problem(roles, skills, people);
    }
}
