using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Resilience;

/// <summary>
/// Kills <c>lhs</c> with SIGKILL part-way through long operations and runs it again: the second run must complete the
/// work with nothing lost and nothing twice, giving exactly what one uninterrupted run gives.
/// </summary>
public sealed class KilledMidwayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_fhir_import_killed_midway_resumes_and_ends_with_exactly_the_resources_of_an_uninterrupted_import()
    {
        using var folder = new TemporaryFolder("lhs-kill-import-");
        var root = folder.Path;
        var source = Path.Combine(root, "ndjson");
        var written = SyntheticFhirGenerator.Write(new GeneratorOptions(4000, 16, 3, 7), source);
        var clean = Path.Combine(root, "clean");
        var killed = Path.Combine(root, "killed");

        var watch = Stopwatch.StartNew();
        var first = await ChildProcess.RunAsync(Patience, "fhir", "import", source, "--batch", "1000", "--data-dir", clean);
        var uninterrupted = watch.Elapsed;
        Assert.True(first.Exit == 0, first.Output + first.Error);

        // Kill at a fraction of the uninterrupted time, until a kill lands with some but not all resources committed.
        var landedMidway = false;
        foreach (var fraction in new[] { 0.5, 0.35, 0.65, 0.2, 0.8 })
        {
            Reset(killed);
            using var child = ChildProcess.Start("fhir", "import", source, "--batch", "1000", "--data-dir", killed);
            await Task.Delay(uninterrupted * fraction);
            var exitedFirst = child.HasExited;
            child.KillHard();
            var committed = File.Exists(AnalyticsStore.PathFor(killed)) ? Count(killed, "SELECT count(*) FROM resources") : 0;
            if (!exitedFirst && committed > 0 && committed < written.Values.Sum())
            {
                landedMidway = true;
                break;
            }
        }

        Assert.True(landedMidway, "No kill landed part-way through the import.");
        var resumed = await ChildProcess.RunAsync(Patience, "fhir", "import", source, "--batch", "1000", "--data-dir", killed);
        Assert.True(resumed.Exit == 0, resumed.Output + resumed.Error);

        foreach (var (type, count) in written)
        {
            Assert.Equal(count, Count(killed, $"SELECT count(*) FROM resources WHERE resource_type = '{type}'"));
        }

        const string Content = "SELECT count(*), sum(hash(resource_type || id || json)) FROM resources";
        Assert.Equal(Read(clean, Content), Read(killed, Content));
        Assert.Equal(Read(clean, "SELECT count(*) FROM identifiers"), Read(killed, "SELECT count(*) FROM identifiers"));
    }

    [Fact]
    public async Task An_indicator_computation_killed_repeatedly_then_run_again_gives_the_results_of_one_clean_run()
    {
        using var folder = new TemporaryFolder("lhs-kill-compute-");
        var root = folder.Path;
        var source = Path.Combine(root, "ndjson");
        SyntheticFhirGenerator.Write(new GeneratorOptions(3000, 16, 3, 11), source);
        var data = Path.Combine(root, "data");
        Assert.Equal(0, (await ChildProcess.RunAsync(Patience, "fhir", "import", source, "--data-dir", data)).Exit);
        var views = Path.Combine(root, "views");
        Directory.CreateDirectory(views);
        foreach (var (name, json) in IndicatorViews.All)
        {
            var file = Path.Combine(views, name + ".json");
            await File.WriteAllTextAsync(file, json);
            var materialised = await ChildProcess.RunAsync(Patience, "view", "materialise", file, "--data-dir", data);
            Assert.True(materialised.Exit == 0, materialised.Output + materialised.Error);
        }

        var before = Path.Combine(root, "before.duckdb");
        File.Copy(AnalyticsStore.PathFor(data), before);

        var watch = Stopwatch.StartNew();
        Assert.Equal(0, (await ChildProcess.RunAsync(Patience, "indicators", "compute", "--data-dir", data)).Exit);
        var uninterrupted = watch.Elapsed;
        var expected = Results(data);
        Assert.NotEmpty(expected);

        // Start again from the same views, kill the computation at several points, then let one run finish.
        File.Copy(before, AnalyticsStore.PathFor(data), overwrite: true);
        foreach (var fraction in new[] { 0.3, 0.5, 0.7, 0.85, 0.95 })
        {
            using var child = ChildProcess.Start("indicators", "compute", "--data-dir", data);
            await Task.Delay(uninterrupted * fraction);
            child.KillHard();
            AssertEachIndicatorWholeOrAbsent(data, expected);
        }

        var final = await ChildProcess.RunAsync(Patience, "indicators", "compute", "--data-dir", data);
        Assert.True(final.Exit == 0, final.Output + final.Error);
        var results = Results(data);
        Assert.True(expected.SequenceEqual(results),
            $"unexpected {string.Join("; ", results.Except(expected).Take(3))}; missing {string.Join("; ", expected.Except(results).Take(3))}");
    }

    /// <summary>After a kill, an indicator's stored results are either all of a completed computation or none.</summary>
    private static void AssertEachIndicatorWholeOrAbsent(string data, IReadOnlyList<string> expected)
    {
        var stored = Results(data);
        foreach (var group in stored.GroupBy(r => r.Split('|')[0]))
        {
            var wanted = expected.Where(e => e.Split('|')[0] == group.Key).ToList();
            var extra = group.Except(wanted).Take(3).ToList();
            var lost = wanted.Except(group).Take(3).ToList();
            Assert.True(extra.Count == 0 && lost.Count == 0 && wanted.Count == group.Count(),
                $"{group.Key}: {group.Count()} rows stored, {wanted.Count} expected; unexpected {string.Join("; ", extra)}; missing {string.Join("; ", lost)}");
        }
    }

    private static List<string> Results(string data)
    {
        var path = AnalyticsDatabase.PathIn(data);
        using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = $"SELECT count(*) FROM information_schema.tables WHERE table_name = '{ComputeIndicators.ResultsTable}'";
        if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT concat_ws('|', indicator_id, level, unit_id, period_start, numerator, denominator, round(value, 9), suppression,
                             coalesce(variation, ''), coalesce(funnel_flag998, ''))
            FROM {ComputeIndicators.ResultsTable} ORDER BY 1
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static void Reset(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long Count(string data, string sql) => Convert.ToInt64(Read(data, sql)[0], CultureInfo.InvariantCulture);

    private static object?[] Read(string data, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={AnalyticsStore.PathFor(data)};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
        }

        return values;
    }
}
