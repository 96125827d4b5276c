using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using LearningHealth.Statistics;

namespace LearningHealth.Indicators;

/// <summary>What to compute, and where.</summary>
public sealed record ComputeIndicatorsCommand
{
    /// <summary>The DuckDB file holding the view tables; results are written to it too.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The indicators to compute (default: the built-in library).</summary>
    public IReadOnlyList<IndicatorDefinition>? Indicators { get; init; }

    /// <summary>Recompute (and rebuild the shared tables read) even when neither the definitions nor the view tables changed.</summary>
    public bool Force { get; init; }

    /// <summary>The shared tables indicators may read (default: the built-in ones).</summary>
    public IReadOnlyList<SharedTable>? SharedTables { get; init; }

    /// <summary>Small-number policy for the suppression flags (default: counts of 1–7 hidden, as in HES).</summary>
    public SuppressionPolicy Suppression { get; init; } = new();
}

/// <summary>What happened to one indicator in a run: <c>computed</c>, <c>unchanged</c> (skipped) or <c>failed</c>.</summary>
public sealed record IndicatorRunOutcome(string IndicatorId, string Version, string Status, long Rows, string? Message, TimeSpan Duration);

/// <summary>
/// A run: its id, when it started, the outcome per indicator, its wall time, and the time spent in each kind of work.
/// Queries and statistics overlap (see <see cref="ComputeIndicators"/>), so <see cref="QueryTime"/> and
/// <see cref="StatisticsTime"/> are sums over indicators and may add up to more than <see cref="Duration"/>.
/// </summary>
public sealed record ComputeIndicatorsReport(
    string RunId,
    DateTimeOffset StartedAt,
    IReadOnlyList<IndicatorRunOutcome> Indicators,
    TimeSpan Duration,
    TimeSpan QueryTime,
    TimeSpan StatisticsTime,
    TimeSpan WriteTime);

/// <summary>
/// Computes indicators in DuckDB, in three overlapping stages.
/// <list type="number">
/// <item>Queries: the database is opened read-only, with file access disabled; the view tables each indicator reads
/// are fingerprinted, and the SQL of every indicator whose definition or inputs changed runs, grouping its cases by
/// unit and period. Two indicators' queries run at a time, each on its own connection, so both cores stay busy while
/// a query is in one of its single-threaded steps.</item>
/// <item>Statistics: as each indicator's counts arrive (in the order given), <see cref="IndicatorStatistics"/>
/// computes values, intervals, SPC and funnels, and the results are appended to a temporary Parquet file while the
/// next queries run.</item>
/// <item>Writing: the database is opened for writing and one transaction replaces the results of every computed
/// indicator from that file and records the run in <c>indicator_runs</c>. A run stopped part-way (killed) leaves
/// the previous results untouched; running again completes it.</item>
/// </list>
/// </summary>
/// <remarks>
/// Incrementality: an indicator is recomputed when its definition hash (<see cref="IndicatorDefinition.DefinitionHash"/>)
/// or the fingerprint of its view tables (row count and the sum of DuckDB's row hashes, per table) differs from the
/// last run that computed it. Then all its periods are recomputed, because each unit's SPC limits depend on every
/// period. Otherwise it is recorded as <c>unchanged</c> and its results are kept.
/// </remarks>
public sealed class ComputeIndicators(TimeProvider clock)
{
    public const string ResultsTable = "indicator_results";
    public const string RunsTable = "indicator_runs";
    public const string SharedTablesTable = "shared_tables";

    /// <summary>Team membership (<c>team_id</c>, <c>clinician_id</c>), written by <c>ExportTeamMembership</c>.</summary>
    public const string TeamMembersTable = "team_members";

    /// <summary>Indicator queries run at the same time, each on its own connection.</summary>
    private static readonly int QueryConcurrency = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// DuckDB threads for the queries: the cores shared out between the queries running at once. Two single-threaded
    /// queries on two cores used 6% less CPU than two queries of two threads each, which contend for the same cores
    /// (the benchmark in docs/benchmarks.md).
    /// </summary>
    private static readonly int QueryThreads = Math.Max(1, Environment.ProcessorCount / QueryConcurrency);

    public ComputeIndicatorsReport Handle(ComputeIndicatorsCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!File.Exists(command.DatabasePath))
        {
            throw new FileNotFoundException($"No analytics database at {command.DatabasePath}: import FHIR data first.");
        }

        var indicators = command.Indicators ?? IndicatorLibrary.BuiltIn;
        var startedAt = clock.GetUtcNow();
        var runId = startedAt.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var total = Stopwatch.StartNew();
        var shared = (command.SharedTables ?? Indicators.SharedTables.BuiltIn).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var folder = Path.GetDirectoryName(Path.GetFullPath(command.DatabasePath))!;
        IndicatorResultsFile.RemoveLeftovers(folder);
        using var resultsFile = new IndicatorResultsFile(runId, folder);
        List<Work> work;
        List<SharedBuild> builds;
        using (var read = Open(command.DatabasePath, readOnly: true))
        {
            (work, builds) = Plan(read, indicators, shared, command.Force);
        }

        var sharedTime = builds.Count == 0 ? TimeSpan.Zero : BuildSharedTables(command.DatabasePath, builds, startedAt);
        using (var read = Open(command.DatabasePath, readOnly: true, QueryThreads))
        {
            QueryAndCalculate(read, command.DatabasePath, work.Where(w => w.Status is null).ToList(), command.Suppression, resultsFile);
        }

        resultsFile.Complete();
        var writeWatch = Stopwatch.StartNew();
        using (var write = Open(command.DatabasePath, readOnly: false))
        {
            CreateTables(write);
            using var transaction = write.BeginTransaction();
            foreach (var computed in work.Where(w => w.Status == "computed"))
            {
                Execute(write, $"DELETE FROM {ResultsTable} WHERE indicator_id = $1", computed.Indicator.Id);
            }

            resultsFile.InsertInto(write);
            var finished = clock.GetUtcNow();
            foreach (var w in work)
            {
                Execute(write, $"INSERT INTO {RunsTable} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    runId, w.Indicator.Id, w.Indicator.Version, w.DefinitionHash, w.InputHash, w.Status,
                    startedAt.UtcDateTime, finished.UtcDateTime, w.Rows, w.Message);
            }

            transaction.Commit();
        }

        var outcomes = work.Select(w => new IndicatorRunOutcome(w.Indicator.Id, w.Indicator.Version, w.Status!, w.Rows, w.Message,
            w.QueryTime + w.StatisticsTime)).ToList();
        return new ComputeIndicatorsReport(runId, startedAt, outcomes, total.Elapsed,
            sharedTime + TimeSpan.FromTicks(work.Sum(w => w.QueryTime.Ticks)), TimeSpan.FromTicks(work.Sum(w => w.StatisticsTime.Ticks)), writeWatch.Elapsed);
    }

    /// <summary>
    /// Decides per indicator: skip (unchanged), fail (a view or shared table is missing or broken) or compute (status
    /// left null); and which shared tables must be (re)built for the indicators to compute.
    /// </summary>
    private static (List<Work> Work, List<SharedBuild> Builds) Plan(
        DuckDBConnection read, IReadOnlyList<IndicatorDefinition> indicators, Dictionary<string, SharedTable> shared, bool force)
    {
        var previous = PreviousRuns(read);
        var built = BuiltSharedTables(read);
        var fingerprints = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? FingerprintOf(string view) => fingerprints.TryGetValue(view, out var f) ? f : fingerprints[view] = Fingerprint(read, view);
        var membership = Fingerprint(read, TeamMembersTable);

        // A shared table's inputs: its definition and the fingerprints of its views (null when one is missing).
        var sharedInputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? SharedInput(SharedTable table)
        {
            if (!sharedInputs.TryGetValue(table.Name, out var input))
            {
                var views = table.Views.Select(v => (v, FingerprintOf(v))).ToList();
                sharedInputs[table.Name] = input = views.Any(v => v.Item2 is null)
                    ? null
                    : Hash(table.DefinitionHash() + "\n" + string.Join('\n', views.Select(v => $"{v.v}={v.Item2}")));
            }

            return input;
        }

        var work = new List<Work>();
        var builds = new Dictionary<string, SharedBuild>(StringComparer.Ordinal);
        foreach (var indicator in indicators)
        {
            var watch = Stopwatch.StartNew();
            var item = new Work(indicator, indicator.DefinitionHash());
            work.Add(item);
            var inputs = indicator.Views.Select(v => (Name: v, Input: FingerprintOf(v)))
                .Concat(indicator.Shared.Select(n => (Name: n, Input: shared.TryGetValue(n, out var t) ? SharedInput(t) : null)))
                .ToList();
            item.Teams = TeamsFromMembers(indicator, membership is not null);
            if (item.Teams)
            {
                inputs.Add((TeamMembersTable, membership));
            }
            var missing = inputs.Where(i => i.Input is null).Select(i => i.Name).ToList();
            if (missing.Count > 0)
            {
                (item.Status, item.Message) = ("failed", $"view table missing: {string.Join(", ", missing)}");
                item.QueryTime = watch.Elapsed;
                continue;
            }

            item.InputHash = Hash(string.Join('\n', inputs.Select(i => $"{i.Name}={i.Input}")));
            if (!force && previous.TryGetValue(indicator.Id, out var last) && last == (item.DefinitionHash, item.InputHash))
            {
                item.Status = "unchanged";
            }
            else
            {
                foreach (var name in indicator.Shared)
                {
                    var input = sharedInputs[name]!;
                    if (!builds.TryGetValue(name, out var build))
                    {
                        var current = !force && built.TryGetValue(name, out var stored) && stored == input && TableExists(read, name);
                        builds[name] = build = new SharedBuild(shared[name], input, current ? null : CheckSharedSql(read, shared[name]), !current);
                    }

                    if (build.Error is not null)
                    {
                        (item.Status, item.Message) = ("failed", $"shared table {name}: {build.Error}");
                    }
                }
            }

            item.QueryTime = watch.Elapsed;
        }

        return (work, [.. builds.Values.Where(b => b.Needed && b.Error is null)]);
    }

    /// <summary>
    /// Runs a shared table's query on the read-only connection (file access disabled) without keeping rows, so SQL
    /// that fails, writes or reads files is refused before it runs on a connection that can write. Null when it is fine.
    /// </summary>
    private static string? CheckSharedSql(DuckDBConnection read, SharedTable table)
    {
        try
        {
            using var check = read.CreateCommand();
            check.CommandText = $"SELECT * FROM ({table.Sql}) LIMIT 0";
            using var reader = check.ExecuteReader();
            return null;
        }
        catch (DuckDBException e)
        {
            return $"SQL failed: {FirstLine(e.Message)}";
        }
    }

    /// <summary>A shared table to build in this run (or, with <paramref name="Needed"/> false, one that is current).</summary>
    private sealed record SharedBuild(SharedTable Table, string InputHash, string? Error, bool Needed);

    /// <summary>Builds each shared table in its own transaction and records its inputs in <c>shared_tables</c>.</summary>
    private TimeSpan BuildSharedTables(string databasePath, IReadOnlyList<SharedBuild> builds, DateTimeOffset startedAt)
    {
        var watch = Stopwatch.StartNew();
        using var write = Open(databasePath, readOnly: false);
        CreateTables(write);
        foreach (var build in builds)
        {
            using var transaction = write.BeginTransaction();
            var name = build.Table.Name;
            Execute(write, $"CREATE OR REPLACE TABLE \"{name}\" AS SELECT * FROM ({build.Table.Sql})");
            Execute(write, $"DELETE FROM {SharedTablesTable} WHERE name = $1", name);
            Execute(write, $"INSERT INTO {SharedTablesTable} SELECT $1, $2, $3, count(*), $4 FROM \"{name}\"",
                name, build.Table.Version, build.InputHash, startedAt.UtcDateTime);
            transaction.Commit();
        }

        return watch.Elapsed;
    }

    /// <summary>The input hash each shared table was last built from.</summary>
    private static Dictionary<string, string> BuiltSharedTables(DuckDBConnection connection)
    {
        var built = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TableExists(connection, SharedTablesTable))
        {
            return built;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name, input_hash FROM {SharedTablesTable}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            built[reader.GetString(0)] = reader.GetString(1);
        }

        return built;
    }

    /// <summary>
    /// Runs the queries of <paramref name="todo"/> on up to <see cref="QueryConcurrency"/> connections while this thread
    /// takes their counts in order, computes the statistics and appends the results to <paramref name="file"/>.
    /// </summary>
    private static void QueryAndCalculate(DuckDBConnection read, string databasePath, IReadOnlyList<Work> todo, SuppressionPolicy suppression, IndicatorResultsFile file)
    {
        if (todo.Count == 0)
        {
            return;
        }

        var connections = Math.Min(QueryConcurrency, todo.Count);
        // Counts waiting for their statistics are held in memory: at most one per query connection beyond those running.
        using var room = new SemaphoreSlim(connections * 2);
        var next = -1;
        var stop = false;
        var queries = Enumerable.Range(0, connections).Select(k => Task.Factory.StartNew(() =>
        {
            // DuckDB.NET shares one database instance between connections to the same file in a process.
            using var own = k == 0 ? null : Open(databasePath, readOnly: true, QueryThreads);
            var connection = own ?? read;
            while (true)
            {
                room.Wait();
                var i = Interlocked.Increment(ref next);
                if (Volatile.Read(ref stop) || i >= todo.Count)
                {
                    return;
                }

                todo[i].Query(connection);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        try
        {
            foreach (var item in todo)
            {
                item.Counted.Task.Wait();
                item.Calculate(suppression, file);
                room.Release();
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            room.Release(connections);
            Task.WaitAll(queries);
        }
    }

    /// <summary>One indicator's way through a run.</summary>
    private sealed class Work(IndicatorDefinition indicator, string definitionHash)
    {
        public IndicatorDefinition Indicator { get; } = indicator;
        public string DefinitionHash { get; } = definitionHash;
        public string InputHash { get; set; } = "";

        /// <summary>Whether its team level comes from <see cref="TeamMembersTable"/> (decided with its inputs, in the plan).</summary>
        public bool Teams { get; set; }

        /// <summary><c>computed</c>, <c>unchanged</c> or <c>failed</c>; null until decided.</summary>
        public string? Status { get; set; }
        public string? Message { get; set; }
        public long Rows { get; private set; }
        public TimeSpan QueryTime { get; set; }
        public TimeSpan StatisticsTime { get; private set; }

        /// <summary>Completes when the query has finished, whether it produced counts or failed.</summary>
        public TaskCompletionSource Counted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private List<UnitPeriodCount>? counts;
        private Exception? unexpected;

        public void Query(DuckDBConnection connection)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                counts = Count(connection, Indicator, Teams);
            }
            catch (DuckDBException e)
            {
                (Status, Message) = ("failed", $"SQL failed: {FirstLine(e.Message)}");
            }
            catch (InvalidOperationException e)
            {
                (Status, Message) = ("failed", e.Message);
            }
            catch (Exception e)
            {
                unexpected = e;
            }
            finally
            {
                QueryTime += watch.Elapsed;
                Counted.SetResult();
            }
        }

        public void Calculate(SuppressionPolicy suppression, IndicatorResultsFile file)
        {
            if (unexpected is not null)
            {
                ExceptionDispatchInfo.Throw(unexpected);
            }

            if (counts is null)
            {
                return;
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var results = IndicatorStatistics.Calculate(Indicator, counts, suppression);
                file.Append(results);
                (Status, Rows) = ("computed", results.Count);
            }
            catch (InvalidOperationException e)
            {
                (Status, Message) = ("failed", e.Message);
            }
            finally
            {
                counts = null;
                StatisticsTime = watch.Elapsed;
            }
        }
    }

    /// <summary>
    /// Opens the DuckDB file. Read-only connections also have file access disabled, so indicator SQL can read the
    /// view tables and nothing else.
    /// </summary>
    /// <param name="path">The analytics file.</param>
    /// <param name="readOnly">Read-only, with file access disabled.</param>
    /// <param name="threads">DuckDB's worker threads, when this connection opens the database (default: one per core).</param>
    public static DuckDBConnection Open(string path, bool readOnly, int? threads = null)
    {
        var connection = new DuckDBConnection((readOnly
            ? $"Data Source={path};ACCESS_MODE=READ_ONLY;enable_external_access=false"
            : $"Data Source={path}") + (threads is { } t ? $";threads={t}" : ""));
        connection.Open();
        return connection;
    }

    /// <summary>The query that runs an indicator: its cases, whether each meets the numerator, grouped by unit and period.</summary>
    /// <param name="indicator">The indicator.</param>
    /// <param name="teamsFromMembers">
    /// Also count each case for the teams its clinician belongs to (<see cref="TeamMembersTable"/>): the team level of an
    /// indicator attributed to clinicians but not to teams.
    /// </param>
    internal static string CountSql(IndicatorDefinition indicator, bool teamsFromMembers = false)
    {
        var levels = indicator.Attribution.Select(Column).ToList();
        var sets = string.Join(", ", levels.Select(c => $"({c}, period_start)"));
        var period = indicator.Period == IndicatorPeriod.Quarter ? "quarter" : "month";
        var teams = "";
        if (teamsFromMembers)
        {
            // One more GROUPING() column, always 1 in the rows above it; its rows carry the team in a column of their own.
            teams = $"""

                UNION ALL
                SELECT {string.Join(", ", levels.Select(_ => "1"))}, 0, {string.Join(", ", levels.Select(_ => "NULL"))}, m.team_id,
                       year(c.period_start) * 12 + month(c.period_start) - 1,
                       count_if(c.met)::BIGINT, count(*)::BIGINT
                FROM cases c
                JOIN {TeamMembersTable} m ON m.clinician_id = c.clinician_id
                GROUP BY m.team_id, c.period_start
                """;
        }

        var extraGrouping = teamsFromMembers ? ", 1" : "";
        var extraColumn = teamsFromMembers ? ", NULL" : "";
        return $"""
            WITH {IndicatorSql.Ctes(indicator)},
            cases AS (
              SELECT CAST(d.clinician_id AS VARCHAR) AS clinician_id, CAST(d.team_id AS VARCHAR) AS team_id,
                     CAST(d.site_id AS VARCHAR) AS site_id, CAST(d.organisation_id AS VARCHAR) AS organisation_id,
                     CAST(date_trunc('{period}', CAST(d.event_date AS DATE)) AS DATE) AS period_start,
                     {IndicatorSql.Met(indicator, "d")} AS met
              FROM denominator d
              WHERE d.event_date IS NOT NULL
            )
            SELECT {string.Join(", ", levels.Select(c => $"GROUPING({c})"))}{extraGrouping}, {string.Join(", ", levels)}{extraColumn},
                   year(period_start) * 12 + month(period_start) - 1 AS period_index,
                   count_if(met)::BIGINT AS numerator, count(*)::BIGINT AS denominator
            FROM cases
            GROUP BY GROUPING SETS ({sets}){teams}
            """;
    }

    /// <summary>
    /// Whether an indicator gets team results from <see cref="TeamMembersTable"/>: it is attributed to clinicians, not
    /// to teams by its own SQL, and the analytics file holds team membership.
    /// </summary>
    private static bool TeamsFromMembers(IndicatorDefinition indicator, bool membership) =>
        membership && indicator.Attribution.Contains(AttributionLevel.Clinician) && !indicator.Attribution.Contains(AttributionLevel.Team);

    private static string Column(AttributionLevel level) => level switch
    {
        AttributionLevel.Clinician => "clinician_id",
        AttributionLevel.Team => "team_id",
        AttributionLevel.Site => "site_id",
        _ => "organisation_id",
    };

    private static List<UnitPeriodCount> Count(DuckDBConnection connection, IndicatorDefinition indicator, bool teams)
    {
        IReadOnlyList<AttributionLevel> levels = teams ? [.. indicator.Attribution, AttributionLevel.Team] : indicator.Attribution;
        var counts = new List<UnitPeriodCount>();
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var periods = new Dictionary<int, DateOnly>();
        using var command = connection.CreateCommand();
        command.CommandText = CountSql(indicator, teams);
        using var reader = command.ExecuteReader();
        var n = levels.Count;
        while (reader.Read())
        {
            // Exactly one level's GROUPING() is 0 in each row: that level's column is the unit.
            var k = 0;
            while (k < n && Convert.ToInt64(reader.GetValue(k), CultureInfo.InvariantCulture) != 0)
            {
                k++;
            }

            if (k == n || reader.IsDBNull(n + k))
            {
                continue; // cases with no unit at this level
            }

            var unitText = reader.GetString(n + k);
            if (!units.TryGetValue(unitText, out var unit))
            {
                units[unitText] = unit = unitText;
            }

            var index = Convert.ToInt32(reader.GetValue(2 * n), CultureInfo.InvariantCulture);
            if (!periods.TryGetValue(index, out var period))
            {
                periods[index] = period = new DateOnly(index / 12, index % 12 + 1, 1);
            }

            counts.Add(new UnitPeriodCount(levels[k], unit, period, reader.GetInt64(2 * n + 1), reader.GetInt64(2 * n + 2)));
        }

        return counts;
    }

    /// <summary>Row count and the sum of row hashes: changes when rows are added, removed or edited. Null if the table is missing.</summary>
    private static string? Fingerprint(DuckDBConnection connection, string table)
    {
        if (!TableExists(connection, table))
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0)::VARCHAR FROM \"{table}\" AS t";
        using var reader = command.ExecuteReader();
        reader.Read();
        return $"{reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)}:{reader.GetString(1)}";
    }

    /// <summary>Whether the analytics file has a table (or view) of this name.</summary>
    internal static bool TableExists(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM information_schema.tables WHERE table_name = $1";
        command.Parameters.Add(new DuckDBParameter(table));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The hashes of the last run that computed each indicator.</summary>
    private static Dictionary<string, (string Definition, string Inputs)> PreviousRuns(DuckDBConnection connection)
    {
        var previous = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (!TableExists(connection, RunsTable))
        {
            return previous;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT indicator_id, arg_max(definition_hash, finished_at), arg_max(input_hash, finished_at)
            FROM {RunsTable} WHERE status = 'computed' GROUP BY indicator_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            previous[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return previous;
    }

    internal static void CreateTables(DuckDBConnection connection)
    {
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS {SharedTablesTable} (
              name VARCHAR NOT NULL, version VARCHAR NOT NULL, input_hash VARCHAR NOT NULL, row_count BIGINT NOT NULL,
              built_at TIMESTAMP NOT NULL);
            CREATE TABLE IF NOT EXISTS {RunsTable} (
              run_id VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL, indicator_version VARCHAR NOT NULL,
              definition_hash VARCHAR NOT NULL, input_hash VARCHAR NOT NULL, status VARCHAR NOT NULL,
              started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP NOT NULL, result_rows BIGINT NOT NULL, message VARCHAR);
            """);
        IndicatorResultsFile.CreateTable(connection);
    }

    internal static void Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }

        command.ExecuteNonQuery();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
