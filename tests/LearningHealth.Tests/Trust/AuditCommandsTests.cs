using LearningHealth.Audit;
using LearningHealth.Cli;
using LearningHealth.Tests.Indicators;
using Microsoft.Data.Sqlite;

namespace LearningHealth.Tests.Trust;

public sealed class AuditCommandsTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<string> DataDirWithUsersAsync(int users)
    {
        var dir = Directory.CreateTempSubdirectory("lhs-audit-cli-").FullName;
        for (var i = 1; i <= users; i++)
        {
            var added = await RunAsync("users", "add", "--email", $"cli{i}@audit.example", "--name", $"Cli User {i}", "--role", "Member", "--data-dir", dir);
            Assert.Equal(0, added.Exit);
        }

        return dir;
    }

    [Fact]
    public async Task Verify_exits_0_on_an_intact_log_and_1_naming_the_entry_after_an_edit()
    {
        var dir = await DataDirWithUsersAsync(3);

        var intact = await RunAsync("audit", "verify", "--data-dir", dir);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "learninghealth.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE \"AuditLog\" SET \"ActorName\" = 'nobody' WHERE \"Sequence\" = 2";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var broken = await RunAsync("audit", "verify", "--data-dir", dir);

        Assert.Equal((0, ""), (intact.Exit, intact.Error));
        Assert.Contains("The audit log is intact: 3 entries", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, broken.Exit);
        Assert.Equal("lhs: audit log broken at entry 2: entry 2 was changed after it was written (its hash differs)", broken.Error.Trim());
    }

    [Fact]
    public async Task List_shows_entries_newest_first_filtered_by_action_and_date()
    {
        var dir = await DataDirWithUsersAsync(2);

        var all = await RunAsync("audit", "list", "--data-dir", dir);
        var created = await RunAsync("audit", "list", "--action", AuditActions.UserCreated, "--since", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), "--data-dir", dir);
        var none = await RunAsync("audit", "list", "--action", AuditActions.SignIn, "--data-dir", dir);
        var future = await RunAsync("audit", "list", "--since", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd"), "--data-dir", dir);
        var badDate = await RunAsync("audit", "list", "--since", "yesterday", "--data-dir", dir);

        Assert.Equal(0, all.Exit);
        var lines = all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("sequence\tat\taction\tactor\tsubject\tdetails", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2\t", lines[1], StringComparison.Ordinal);
        Assert.EndsWith($"\t{AuditActions.UserCreated}\tlhs ({Environment.UserName})\tuser:cli2@audit.example\troles: Member", lines[1], StringComparison.Ordinal);
        Assert.Equal(all.Output, created.Output);
        Assert.Single(none.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(future.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, badDate.Exit);
        Assert.Equal("lhs: --since: 'yesterday' is not a date (write it as yyyy-MM-dd).", badDate.Error.Trim());
    }

    [Fact]
    public async Task Indicators_compute_is_recorded_in_the_data_folder_s_log()
    {
        var dir = await DataDirWithUsersAsync(1);
        using var db = ComputeIndicatorsTests.TestCases();
        var library = Directory.CreateTempSubdirectory("lhs-library-").FullName;
        var definition = IndicatorLibraryTests.Valid().Replace("SELECT id AS case_id\", \"FROM cases_flat", "SELECT id AS case_id, day AS event_date, clin AS clinician_id, NULL AS team_id, NULL AS site_id, 'o' AS organisation_id\", \"FROM cases_flat", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(library, "test.json"), definition);

        var compute = await RunAsync("indicators", "compute", "--db", db.Path, "--library", library, "--only", "test-indicator", "--data-dir", dir);
        var listed = await RunAsync("audit", "list", "--action", AuditActions.IndicatorsComputed, "--data-dir", dir);
        var verify = await RunAsync("audit", "verify", "--data-dir", dir);

        Assert.True(compute.Exit == 0, compute.Error);
        var line = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1];
        Assert.Contains($"\tanalytics:{Path.GetFileName(db.Path)}\trun ", line, StringComparison.Ordinal);
        Assert.EndsWith("1 computed, 0 unchanged, 0 failed; force: False", line, StringComparison.Ordinal);
        Assert.Equal(0, verify.Exit);
    }
}
