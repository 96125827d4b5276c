using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using LearningHealth.AreaData;
using LearningHealth.Fhir;
using LearningHealth.Persistence;
using LearningHealth.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LearningHealth.Tests.Trust.Fuzzing;

/// <summary>Area data CSV files, malformed: a refused import writes nothing, an accepted one adds one version, and every problem names a line or column.</summary>
public sealed partial class AreaDataFuzzTests(ITestOutputHelper output)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^and \d+ more problems?$")]
    private static partial System.Text.RegularExpressions.Regex MoreProblems();

    private static readonly string[] Seeds =
    [
        "area_code,deprivation_decile,rurality,pm25\r\nLS1,3,urban,10.8\r\nLS2,4,urban,10.4\r\nBD7,1,urban,11.2\r\nYO10,9,rural,6.1\r\nHX3,6,rural,7.4\r\n",
        "area_code,deprivation_decile\nLS6 2,2\nLS6 3,5\nWF1 1,10\n",
    ];

    [Fact]
    public async Task Area_data_csv()
    {
        await using var services = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var dataDir = services.Get<DatabaseOptions>().DataDirectory;
        var import = services.Get<ImportAreaData>();
        var failures = new List<string>();
        var refused = 0;
        const int Cases = 400;
        foreach (var (n, kind, bytes) in new Mutator(4001).Variants(Seeds, Cases, json: false))
        {
            var before = Counts(dataDir);
            try
            {
                var result = import.Handle(new ImportAreaDataCommand
                {
                    Name = "fuzz",
                    AreaType = n % 2 == 0 ? "postcode_district" : "postcode_sector",
                    Source = "fuzzing",
                    Licence = "none",
                    DataDate = "2026-01-01",
                }, new MemoryStream(bytes));
                var after = Counts(dataDir);
                if (!result.Succeeded)
                {
                    refused++;
                    if (after != before)
                    {
                        failures.Add($"case {n} ({kind}): refused but the stored counts went from {before} to {after}");
                    }
                }
                else if (after.DataSets != before.DataSets + 1)
                {
                    failures.Add($"case {n} ({kind}): accepted but the data set versions went from {before.DataSets} to {after.DataSets}");
                }

                // The list stops at ImportAreaData.MaxProblems with one "and N more problems" line, which is a count, not a problem.
                failures.AddRange(result.Problems.Where(p => p.Line is null && p.Column is null && !MoreProblems().IsMatch(p.Reason)).Select(p => $"case {n} ({kind}): no line or column in \"{p}\""));
            }
            catch (Exception e)
            {
                failures.Add($"case {n} ({kind}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{refused} of {Cases} variants refused");
        Assert.True(refused > Cases / 3, $"only {refused} variants were refused");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    /// <summary>Data set versions and stored values, read straight from the analytics file.</summary>
    private static (long DataSets, long Values) Counts(string dataDir)
    {
        var path = AnalyticsStore.PathFor(dataDir);
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT CASE WHEN EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = '{sql}') THEN (SELECT count(*) FROM {sql}) ELSE 0 END";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return (Scalar("area_datasets"), Scalar("area_values"));
    }
}
