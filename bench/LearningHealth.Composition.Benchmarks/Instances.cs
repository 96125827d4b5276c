using LearningHealth.Composition;
using LearningHealth.Initiatives;
using LearningHealth.Teams;

namespace LearningHealth.Composition.Benchmarks;

/// <summary>
/// Generated pools and requirements, deterministic from a seed. 150 competencies, each at home in one discipline
/// group; people hold 3–12 competencies, mostly from their own group, at levels 1–4 (80% confirmed); engagement
/// types and time in realistic proportions; a sixth of engagements end inside the initiative. Requirements: 10–25
/// people across 5–8 groups, 20–40 competencies at levels 2–4, a quarter of them critical (two holders).
/// </summary>
internal static class Instances
{
    public const int Competencies = 150;
    private static readonly DateOnly Start = new(2027, 1, 1);
    private static readonly DateOnly End = new(2027, 12, 31);

    private static readonly (DisciplineGroup Group, int Weight)[] Groups =
    [
        (DisciplineGroup.PatientsAndPublic, 8), (DisciplineGroup.Clinician, 25), (DisciplineGroup.Researcher, 12), (DisciplineGroup.Designer, 5),
        (DisciplineGroup.Strategy, 5), (DisciplineGroup.OperationalDelivery, 10), (DisciplineGroup.InformationAnalyst, 15),
        (DisciplineGroup.DigitalAndInformatics, 15), (DisciplineGroup.OtherSupport, 5),
    ];

    private static readonly (EngagementType Type, int Weight)[] Types =
    [
        (EngagementType.Employed, 60), (EngagementType.Seconded, 10), (EngagementType.Contractor, 12),
        (EngagementType.Consultant, 5), (EngagementType.PlatformProviderStaff, 8), (EngagementType.Volunteer, 5),
    ];

    public static CompositionProblem Generate(int poolSize, int seed)
    {
        var random = new Random(seed);
        var home = Enumerable.Range(0, Competencies).Select(_ => Pick(random, Groups)).ToArray();
        var people = new List<Candidate>(poolSize);
        for (var i = 0; i < poolSize; i++)
        {
            var group = Pick(random, Groups);
            var type = group == DisciplineGroup.PatientsAndPublic ? EngagementType.Volunteer : Pick(random, Types);
            var fte = group == DisciplineGroup.PatientsAndPublic ? random.Next(1, 4) / 10m : random.Next(2, 11) / 10m;
            var committed = Math.Round(fte * random.Next(0, 9) / 10m, 2);
            var ends = random.Next(6) == 0 ? Start.AddDays(random.Next(30, 330)) : (DateOnly?)null;
            var own = Enumerable.Range(0, Competencies).Where(c => home[c] == group).ToArray();
            var count = random.Next(3, 13);
            var levels = new Dictionary<int, CompetencyLevel>();
            while (levels.Count < count)
            {
                var c = own.Length > 0 && random.Next(10) < 7 ? own[random.Next(own.Length)] : random.Next(Competencies);
                levels[c] = new CompetencyLevel("LHS", $"C{c:000}", 1 + Math.Min(3, (int)Math.Floor(-Math.Log(1 - random.NextDouble()) * 1.2)), random.Next(10) < 8);
            }

            people.Add(new Candidate(Guid.NewGuid(), $"Person {i:00000}", group, group == DisciplineGroup.Clinician ? ClinicalProfession.Medical : null, type, fte, committed, ends, [.. levels.Values]));
        }

        var roleGroups = Groups.Select(g => g.Group).OrderBy(_ => random.Next()).Take(random.Next(5, 9)).ToList();
        var target = random.Next(10, 26);
        var counts = roleGroups.ToDictionary(g => g, _ => 1);
        while (counts.Values.Sum() < target)
        {
            counts[roleGroups[random.Next(roleGroups.Count)]]++;
        }

        var roles = roleGroups.Select(g => new RoleRequirement
        {
            Group = g,
            Count = counts[g],
            Fte = counts[g] * random.Next(1, 5) / 10m,
            LeadRequired = random.Next(2) == 0,
        }).ToList();
        var skills = Enumerable.Range(0, Competencies).OrderBy(_ => random.Next()).Take(random.Next(20, 41)).Select(c => new CompetencyRequirement
        {
            Framework = "LHS",
            Code = $"C{c:000}",
            Name = $"Competency {c:000}",
            MinimumLevel = random.Next(10) < 6 ? 2 : random.Next(10) < 8 ? 3 : 4,
            Holders = random.Next(4) == 0 ? 2 : 1,
        }).ToList();
        return new CompositionProblem($"Pool {poolSize}, seed {seed}", Start, End, roles, skills, people);
    }

    private static T Pick<T>(Random random, (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }
}
