using System.IO.Compression;
using System.Text.Json;
using DuckDB.NET.Data;
using LearningHealth.Audit;
using LearningHealth.Backup;
using LearningHealth.Cli;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Trust;

public sealed class BackupRestoreTests
{
    private sealed record Snapshot(int Users, IReadOnlyList<string> People, long AuditEntries, long AnalyticsRows);

    private static long Scalar(string analyticsPath, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={analyticsPath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(string analyticsPath, string sql) => Scalar(analyticsPath, sql + "; SELECT 0");

    private static async Task<Snapshot> SnapshotAsync(TestServices services)
    {
        await using var db = services.NewDbContext();
        var people = await db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => p.GivenName + " " + p.FamilyName + " " + p.Email).ToListAsync();
        return new Snapshot(await db.Users.CountAsync(), people, await db.AuditLog.LongCountAsync(),
            Scalar(AnalyticsDatabase.PathIn(services.Database.DataDir), "SELECT count(*) FROM results_probe"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_backup_restored_over_changed_data_brings_back_the_data_as_it_was(string provider)
    {
        await using var services = await TestServices.CreateAsync(provider, demo: true);
        var analytics = AnalyticsDatabase.PathIn(services.Database.DataDir);
        Execute(analytics, "CREATE TABLE results_probe AS SELECT range AS x FROM range(3)");
        var before = await SnapshotAsync(services);
        var archive = Path.Combine(services.Database.DataDir, "backup.zip");

        var backup = await services.Get<BackupDatabase>().HandleAsync(archive);

        Assert.True(backup.Succeeded, string.Join("; ", backup.Problems.Select(p => p.Message)));
        using (var zip = ZipFile.OpenRead(archive))
        {
            Assert.Equal(
                [BackupArchive.ManifestEntry, provider == TestDatabase.Postgres ? BackupArchive.PostgresEntry : BackupArchive.SqliteEntry, BackupArchive.AnalyticsEntry],
                zip.Entries.Select(e => e.FullName));
            using var manifest = JsonDocument.Parse(zip.GetEntry(BackupArchive.ManifestEntry)!.Open());
            Assert.Equal(provider, manifest.RootElement.GetProperty("provider").GetString());
            Assert.Equal(backup.Value!.Manifest.Migration, manifest.RootElement.GetProperty("migration").GetString());
            Assert.False(string.IsNullOrEmpty(backup.Value.Manifest.Migration));
        }

        await using (var db = services.NewDbContext())
        {
            await db.People.Where(p => p.Email != null).Take(5).ExecuteUpdateAsync(s => s.SetProperty(p => p.FamilyName, "Changed"));
            db.People.Add(new Person { GivenName = "Added", FamilyName = "After Backup" });
            await db.SaveChangesAsync();
        }

        await services.Get<AuditLog>().RecordAsync(AuditActions.Export, AuditActor.System, "after:backup");
        Execute(analytics, "INSERT INTO results_probe VALUES (99)");
        Assert.NotEqual(before, await SnapshotAsync(services));

        var refused = await services.Get<RestoreDatabase>().HandleAsync(archive, force: false);
        var restored = await services.Get<RestoreDatabase>().HandleAsync(archive, force: true);

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Equal("The database already holds data (accounts, people, audit log entries, an analytics file); restoring would replace it. Add --force to replace it.", problem.Message);
        Assert.True(restored.Succeeded, string.Join("; ", restored.Problems.Select(p => p.Message)));
        var after = await SnapshotAsync(services);
        Assert.Equal(before.Users, after.Users);
        Assert.Equal(before.People, after.People);
        Assert.Equal(before.AuditEntries, after.AuditEntries);
        Assert.Equal(3, after.AnalyticsRows);
        Assert.True((await services.Get<AuditLog>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Restore_refuses_an_archive_for_the_other_provider_and_a_file_that_is_not_a_backup_and_changes_nothing()
    {
        await using var services = await TestServices.CreateAsync(TestDatabase.Sqlite);
        var dir = services.Database.DataDir;
        var other = Path.Combine(dir, "postgres.zip");
        using (var zip = ZipFile.Open(other, ZipArchiveMode.Create))
        {
            await using var writer = new StreamWriter(zip.CreateEntry(BackupArchive.ManifestEntry).Open());
            await writer.WriteAsync(JsonSerializer.Serialize(new BackupManifest(1, "1.0.0", DateTime.UtcNow, "postgres", null, BackupArchive.PostgresEntry, null), BackupArchive.Json));
        }

        var notZip = Path.Combine(dir, "notes.zip");
        await File.WriteAllTextAsync(notZip, "not a zip at all");

        var wrongProvider = await services.Get<RestoreDatabase>().HandleAsync(other, force: true);
        var garbage = await services.Get<RestoreDatabase>().HandleAsync(notZip, force: true);
        var missing = await services.Get<RestoreDatabase>().HandleAsync(Path.Combine(dir, "missing.zip"), force: true);

        Assert.Equal("The archive holds a postgres database but this installation uses sqlite; restore it into a postgres installation.", Assert.Single(wrongProvider.Problems).Message);
        Assert.Equal($"{notZip} is not a backup archive (not a zip file).", Assert.Single(garbage.Problems).Message);
        Assert.Equal(ProblemKind.NotFound, Assert.Single(missing.Problems).Kind);
        Assert.False(File.Exists(AnalyticsDatabase.PathIn(dir)));
    }

    [Fact]
    public async Task The_commands_back_up_and_restore_into_a_new_data_folder_and_refuse_a_full_one_without_force()
    {
        var first = Directory.CreateTempSubdirectory("lhs-backup-cli-").FullName;
        var second = Directory.CreateTempSubdirectory("lhs-backup-cli-").FullName;
        var archive = Path.Combine(first, "lhs.zip");
        try
        {
            Assert.Equal(0, (await RunAsync("users", "add", "--email", "kept@backup.example", "--name", "Kept", "--role", "Admin", "--data-dir", first)).Exit);
            var backup = await RunAsync("db", "backup", archive, "--data-dir", first);
            var restore = await RunAsync("db", "restore", archive, "--data-dir", second);
            var again = await RunAsync("db", "restore", archive, "--data-dir", second);
            var users = await RunAsync("users", "list", "--data-dir", second);
            var log = await RunAsync("audit", "list", "--data-dir", second);

            Assert.Equal((0, ""), (backup.Exit, backup.Error));
            Assert.StartsWith("Backed up SQLite (", backup.Output, StringComparison.Ordinal);
            Assert.Equal((0, ""), (restore.Exit, restore.Error));
            Assert.StartsWith("Restored the backup of ", restore.Output, StringComparison.Ordinal);
            Assert.Equal(1, again.Exit);
            Assert.Equal("lhs: The database already holds data (accounts, audit log entries); restoring would replace it. Add --force to replace it.", again.Error.Trim());
            Assert.Contains("kept@backup.example", users.Output, StringComparison.Ordinal);
            Assert.Contains($"\t{AuditActions.Restore}\t", log.Output, StringComparison.Ordinal);
            Assert.Equal(0, (await RunAsync("audit", "verify", "--data-dir", second)).Exit);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
