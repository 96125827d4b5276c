using System.IO.Compression;
using System.Text.Json;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LearningHealth.Backup;

/// <summary>What a restore put back.</summary>
public sealed record RestoreReport(BackupManifest Manifest, IReadOnlyList<string> MigrationsApplied);

/// <summary>
/// Restores an archive written by <see cref="BackupDatabase"/> into the configured database and data folder, then
/// brings the schema up to date. Everything is checked before anything is touched: the archive and its manifest,
/// the provider, that this version knows the archive's migration, the PostgreSQL tool, and that the target holds no
/// data (accounts, people or audit entries, or an analytics file) unless <c>force</c> says to replace it.
/// </summary>
public sealed class RestoreDatabase(AppDbContext db, DatabaseOptions options, DatabaseInitializer initializer)
{
    public async Task<Outcome<RestoreReport>> HandleAsync(string archivePath, bool force, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(archivePath);
        if (!File.Exists(source))
        {
            return new Problem($"There is no backup archive at {source}.", "file", ProblemKind.NotFound);
        }

        ZipArchive zip;
        try
        {
            zip = await ZipFile.OpenReadAsync(source, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return new Problem($"{source} is not a backup archive (not a zip file).", "file");
        }

        await using (zip)
        {
            var manifest = await ReadManifestAsync(zip, source, cancellationToken);
            if (!manifest.Succeeded)
            {
                return Outcome<RestoreReport>.Fail(manifest.Problems);
            }

            var m = manifest.Value!;
            var problems = await CheckAsync(zip, m, force, cancellationToken);
            if (problems.Count > 0)
            {
                return Outcome<RestoreReport>.Fail(problems);
            }

            var work = Directory.CreateTempSubdirectory("lhs-restore-").FullName;
            try
            {
                var databaseCopy = Path.Combine(work, m.Database);
                await BackupArchive.CopyEntryToFileAsync(zip.GetEntry(m.Database)!, databaseCopy, cancellationToken);
                var analyticsPath = AnalyticsDatabase.PathIn(options.DataDirectory);
                string? analyticsCopy = null;
                if (m.Analytics is not null)
                {
                    // Unpacked beside the target so the final step is a rename on one file system.
                    Directory.CreateDirectory(options.DataDirectory);
                    analyticsCopy = analyticsPath + ".restoring";
                    File.Delete(analyticsCopy);
                    await BackupArchive.CopyEntryToFileAsync(zip.GetEntry(m.Analytics)!, analyticsCopy, cancellationToken);
                }

                try
                {
                    await RestoreAppDatabaseAsync(databaseCopy, cancellationToken);
                    ReplaceAnalytics(analyticsPath, analyticsCopy);
                }
                finally
                {
                    if (analyticsCopy is not null)
                    {
                        File.Delete(analyticsCopy);
                    }
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }

            var applied = await initializer.MigrateAsync(cancellationToken);
            return Outcome<RestoreReport>.Ok(new RestoreReport(m, applied));
        }
    }

    private static async Task<Outcome<BackupManifest>> ReadManifestAsync(ZipArchive zip, string source, CancellationToken cancellationToken)
    {
        var entry = zip.GetEntry(BackupArchive.ManifestEntry);
        if (entry is null)
        {
            return new Problem($"{source} has no {BackupArchive.ManifestEntry}: it was not written by lhs db backup.", "file");
        }

        BackupManifest? manifest;
        try
        {
            await using var stream = await entry.OpenAsync(cancellationToken);
            manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupArchive.Json, cancellationToken);
        }
        catch (JsonException e)
        {
            return new Problem($"{BackupArchive.ManifestEntry} in {source} is not valid: {e.Message}", "file");
        }

        if (manifest is null || string.IsNullOrEmpty(manifest.Database) || string.IsNullOrEmpty(manifest.Provider))
        {
            return new Problem($"{BackupArchive.ManifestEntry} in {source} does not name its database.", "file");
        }

        if (manifest.Format != BackupArchive.Format)
        {
            return new Problem($"The archive's format is {manifest.Format}; this version of lhs restores format {BackupArchive.Format}.", "file");
        }

        return Outcome<BackupManifest>.Ok(manifest);
    }

    private async Task<List<Problem>> CheckAsync(ZipArchive zip, BackupManifest manifest, bool force, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        var provider = BackupArchive.ProviderName(options.Provider);
        if (manifest.Provider != provider)
        {
            problems.Add(new Problem($"The archive holds a {manifest.Provider} database but this installation uses {provider}; restore it into a {manifest.Provider} installation.", "file"));
            return problems;
        }

        if (zip.GetEntry(manifest.Database) is null || (manifest.Analytics is not null && zip.GetEntry(manifest.Analytics) is null))
        {
            problems.Add(new Problem("The archive is missing a file its manifest lists; it is incomplete.", "file"));
            return problems;
        }

        if (manifest.Migration is not null && !db.Database.GetMigrations().Contains(manifest.Migration))
        {
            problems.Add(new Problem($"The archive's database is at migration {manifest.Migration}, which this version of lhs does not know: restore it with version {manifest.AppVersion} or later.", "file"));
        }

        if (options.Provider == DatabaseProvider.Postgres)
        {
            try
            {
                BackupArchive.FindPostgresTool("pg_restore");
            }
            catch (FileNotFoundException e)
            {
                problems.Add(new Problem(e.Message));
            }
        }

        var analytics = AnalyticsDatabase.PathIn(options.DataDirectory);
        if (File.Exists(analytics))
        {
            try
            {
                BackupArchive.OpenAnalyticsExclusively(analytics).Dispose();
            }
            catch (IOException e)
            {
                problems.Add(new Problem(e.Message));
            }
        }

        if (!force && await HoldsDataAsync(cancellationToken) is { } what)
        {
            problems.Add(new Problem($"The database already holds data ({what}); restoring would replace it. Add --force to replace it.", "force", ProblemKind.Conflict));
        }

        return problems;
    }

    /// <summary>Describes the data the target holds, or null when it is empty (new, or only migrated).</summary>
    private async Task<string?> HoldsDataAsync(CancellationToken cancellationToken)
    {
        var found = new List<string>();
        var exists = options.Provider == DatabaseProvider.Postgres
            ? await db.Database.CanConnectAsync(cancellationToken)
            : File.Exists(BackupArchive.SqliteFile(options));
        if (exists && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                found.Add("accounts");
            }

            if (await db.People.AnyAsync(cancellationToken))
            {
                found.Add("people");
            }

            if (await db.AuditLog.AnyAsync(cancellationToken))
            {
                found.Add("audit log entries");
            }
        }

        if (File.Exists(AnalyticsDatabase.PathIn(options.DataDirectory)))
        {
            found.Add("an analytics file");
        }

        return found.Count == 0 ? null : string.Join(", ", found);
    }

    private async Task RestoreAppDatabaseAsync(string databaseCopy, CancellationToken cancellationToken)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            // One transaction: a failing restore leaves the database as it was.
            await BackupArchive.RunPostgresToolAsync("pg_restore",
                ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", new NpgsqlConnectionStringBuilder(options.ConnectionString).Database!, databaseCopy],
                options.ConnectionString, cancellationToken);
            NpgsqlConnection.ClearAllPools();
            return;
        }

        var file = BackupArchive.SqliteFile(options);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // The online backup API in reverse: the copy is written into the live file page by page under one lock, so
        // readers see the old database or the new one, never a mixture.
        await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseCopy, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString))
        await using (var target = new SqliteConnection(options.ConnectionString))
        {
            await copy.OpenAsync(cancellationToken);
            await target.OpenAsync(cancellationToken);
            copy.BackupDatabase(target);
        }

        SqliteConnection.ClearAllPools();
    }

    private static void ReplaceAnalytics(string analyticsPath, string? restored)
    {
        File.Delete(analyticsPath + ".wal");
        if (restored is null)
        {
            File.Delete(analyticsPath);
            return;
        }

        File.Move(restored, analyticsPath, overwrite: true);
    }
}
