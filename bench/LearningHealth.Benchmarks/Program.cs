using System.Diagnostics;
using System.Globalization;
using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// Skills benchmark: builds a data set of N people × M competencies, then times the server-side work of the skills
// matrix (everyone × every competency) and the whole-organisation gap analysis. A plain Stopwatch harness: warm-up
// runs first, then several timed runs; the median is the figure to quote.
//
//   dotnet run -c Release --project bench/LearningHealth.Benchmarks -- [sqlite|postgres] [people] [competencies]
//
// PostgreSQL needs LHS_TEST_POSTGRES (an account that may create databases); a throw-away database is made and dropped.
var provider = args.Length > 0 ? args[0] : "sqlite";
var peopleCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
var competencyCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 150;
const int WarmUp = 2;
const int Runs = 10;

var dataDir = Directory.CreateTempSubdirectory("lhs-bench-").FullName;
string? db = null, admin = null, databaseName = null;
if (provider == "postgres")
{
    admin = Environment.GetEnvironmentVariable("LHS_TEST_POSTGRES") ?? throw new InvalidOperationException("Set LHS_TEST_POSTGRES to benchmark PostgreSQL.");
    databaseName = $"lhs_bench_{Guid.NewGuid():N}";
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
    await create.ExecuteNonQueryAsync();
    db = new NpgsqlConnectionStringBuilder(admin) { Database = databaseName }.ConnectionString;
}

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = dataDir, ["Db"] = db }).Build();
await using var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddLearningHealth(configuration).BuildServiceProvider();
try
{
    using (var scope = services.CreateScope())
    {
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
    }

    var generate = Stopwatch.StartNew();
    var (ratings, requirements) = await GenerateAsync(services, peopleCount, competencyCount);
    Console.WriteLine($"Provider {provider}: {peopleCount} people × {competencyCount} competencies, {ratings} ratings, generated in {generate.Elapsed.TotalSeconds:0.0} s");

    await TimeAsync("Skills matrix (everyone × every competency)", async sp =>
    {
        var matrix = await sp.GetRequiredService<BuildSkillsMatrix>().BuildAsync("Everyone", null, requirements);
        return $"{matrix.Rows.Count} rows × {matrix.Columns.Count} columns, {matrix.SinglePointsOfFailure.Count()} single points of failure";
    });
    await TimeAsync("Gap analysis (whole organisation)", async sp =>
    {
        var gaps = await sp.GetRequiredService<AnalyseGaps>().ForOrganisationAsync();
        return $"{gaps.Count} people, {gaps.Sum(g => g.Gaps.Count)} gaps";
    });
}
finally
{
    if (admin is not null)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    Directory.Delete(dataDir, recursive: true);
}

async Task TimeAsync(string name, Func<IServiceProvider, Task<string>> work)
{
    // Wall time is what a user waits; this process's CPU time is the work done here, which a busy machine does not inflate.
    var times = new List<double>();
    var cpu = new List<double>();
    var result = "";
    using var process = Process.GetCurrentProcess();
    for (var i = 0; i < WarmUp + Runs; i++)
    {
        using var scope = services.CreateScope();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        result = await work(scope.ServiceProvider);
        watch.Stop();
        process.Refresh();
        if (i >= WarmUp)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
    }

    static double Median(List<double> values)
    {
        values.Sort();
        return (values[(values.Count - 1) / 2] + values[values.Count / 2]) / 2;
    }

    Console.WriteLine($"{name}: wall median {Median(times):0} ms (min {times.Min():0}, max {times.Max():0}), CPU median {Median(cpu):0} ms, over {Runs} runs ({result})");
}

static async Task<(int Ratings, List<MatrixRequirement> Requirements)> GenerateAsync(ServiceProvider services, int peopleCount, int competencyCount)
{
    var random = new Random(20261127);
    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    var now = DateTime.UtcNow;
    using var scope = services.CreateScope();
    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
    db.ChangeTracker.AutoDetectChangesEnabled = false;

    var document = new FrameworkDocument
    {
        Key = "bench", Name = "Benchmark framework",
        Levels = [new() { Number = 1, Name = "One" }, new() { Number = 2, Name = "Two" }, new() { Number = 3, Name = "Three" }, new() { Number = 4, Name = "Four" }],
    };
    for (var d = 0; d < 10; d++)
    {
        document.Competencies.Add(new CompetencyEntry { Code = $"D{d}", Name = $"Domain {d}" });
    }

    for (var c = 0; c < competencyCount - 10; c++)
    {
        document.Competencies.Add(new CompetencyEntry { Code = $"B{c:000}", Parent = $"D{c % 10}", Name = $"Competency {c}" });
    }

    var saved = await scope.ServiceProvider.GetRequiredService<SaveFramework>().HandleAsync(document);
    var competencies = await db.Competencies.Where(c => c.FrameworkId == saved.Value).Select(c => new { c.Id, c.Code }).ToListAsync();
    var organisation = new Organisation { Name = "Benchmark Trust", Kind = OrganisationKind.Host };
    db.Organisations.Add(organisation);
    var types = Enum.GetValues<EngagementType>();
    var groups = Enum.GetValues<DisciplineGroup>();
    var people = new List<Person>(peopleCount);
    for (var i = 0; i < peopleCount; i++)
    {
        var person = new Person { GivenName = $"Given{i}", FamilyName = $"Family{i:00000}", Discipline = groups[i % groups.Length] };
        person.Engagements.Add(new Engagement { Type = types[i % types.Length], Organisation = organisation, Fte = 0.5m, StartDate = today.AddYears(-1) });
        people.Add(person);
    }

    db.People.AddRange(people);
    await db.SaveChangesAsync();

    var ratings = 0;
    var batch = new List<Assessment>();
    foreach (var person in people)
    {
        foreach (var competency in competencies)
        {
            // About three ratings in five; a mix of confirmed, self-rated, expired and draft.
            var roll = random.Next(100);
            if (roll >= 60)
            {
                continue;
            }

            var assessedOn = today.AddDays(-random.Next(1, 900));
            batch.Add(new Assessment
            {
                PersonId = person.Id, CompetencyId = competency.Id, Level = random.Next(1, 5), AssessedOn = assessedOn, CreatedAt = now,
                Kind = roll < 30 ? AssessmentKind.Assessor : AssessmentKind.Self,
                Status = roll < 30 ? AssessmentStatus.Confirmed : roll < 55 ? AssessmentStatus.Submitted : AssessmentStatus.Draft,
                ValidUntil = assessedOn.AddYears(2),
            });
        }

        if (batch.Count > 20_000)
        {
            ratings += await FlushAsync(db, batch);
        }
    }

    ratings += await FlushAsync(db, batch);

    // Forty open initiatives of fifty people, each needing twenty of the competencies.
    var requirements = competencies.Where(c => c.Code.StartsWith('B')).Select(c => new MatrixRequirement("bench", c.Code, 3, 2)).ToList();
    for (var i = 0; i < peopleCount / 50; i++)
    {
        var initiative = new Initiative
        {
            Title = $"Initiative {i}", Status = InitiativeStatus.Active, StartDate = today,
            Competencies = requirements.OrderBy(_ => random.Next()).Take(20).Select(r => new CompetencyRequirement { Framework = "bench", Code = r.Code, Name = r.Code, MinimumLevel = 3, Holders = 2 }).ToList(),
        };
        foreach (var person in people.Skip(i * 50).Take(50))
        {
            initiative.Members.Add(new InitiativeMember { PersonId = person.Id, Group = person.Discipline, Fte = 0.1m });
        }

        db.Initiatives.Add(initiative);
    }

    await db.SaveChangesAsync();
    // The matrix asks about every competency, domains included.
    return (ratings, competencies.Select(c => new MatrixRequirement("bench", c.Code, 3, 2)).ToList());
}

static async Task<int> FlushAsync(AppDbContext db, List<Assessment> batch)
{
    var count = batch.Count;
    db.Assessments.AddRange(batch);
    await db.SaveChangesAsync();
    db.ChangeTracker.Clear();
    batch.Clear();
    return count;
}
