using System.IO.Compression;
using System.Text.Json;
using LearningHealth.Hosting;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Backup;

/// <summary>What a backup wrote.</summary>
public sealed record BackupReport(string ArchivePath, BackupManifest Manifest, long Bytes);

/// <summary>
/// Backs up the app database and the analytics file into one zip archive with a manifest. SQLite is copied with
/// its online backup API (a consistent copy even while the web app is using it); PostgreSQL with
/// <c>pg_dump -Fc</c>. The DuckDB analytics file is copied as a file after a CHECKPOINT while this process holds it
/// open, which needs no other process to have it (stop <c>lhs serve</c> first); see docs/security.md.
/// The archive is written beside its final name and moved into place, so an interrupted backup leaves no half archive.
/// </summary>
public sealed class BackupDatabase(AppDbContext db, DatabaseOptions options, TimeProvider clock)
{
    public async Task<Outcome<BackupReport>> HandleAsync(string archivePath, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(archivePath))
        {
            return new Problem("Give the archive file to write, e.g. lhs-backup.zip.", "file");
        }

        var target = Path.GetFullPath(archivePath);
        if (Directory.Exists(target))
        {
            return new Problem($"{target} is a folder; give a file name for the archive.", "file");
        }

        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            return new Problem($"The folder {folder} does not exist.", "file");
        }

        if (options.Provider == DatabaseProvider.Sqlite && !File.Exists(BackupArchive.SqliteFile(options)))
        {
            return new Problem($"There is no database at {BackupArchive.SqliteFile(options)} to back up.", "file");
        }

        var migration = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
        var work = Directory.CreateTempSubdirectory("lhs-backup-").FullName;
        var partial = target + ".partial";
        try
        {
            var databaseEntry = options.Provider == DatabaseProvider.Postgres ? BackupArchive.PostgresEntry : BackupArchive.SqliteEntry;
            var databaseCopy = Path.Combine(work, databaseEntry);
            if (options.Provider == DatabaseProvider.Postgres)
            {
                await BackupArchive.RunPostgresToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", databaseCopy], options.ConnectionString, cancellationToken);
            }
            else
            {
                await using var source = new SqliteConnection(options.ConnectionString);
                await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseCopy, Pooling = false }.ConnectionString);
                await source.OpenAsync(cancellationToken);
                await copy.OpenAsync(cancellationToken);
                source.BackupDatabase(copy);
            }

            var analyticsPath = AnalyticsDatabase.PathIn(options.DataDirectory);
            var hasAnalytics = File.Exists(analyticsPath);
            var manifest = new BackupManifest(BackupArchive.Format, BackupArchive.AppVersion, clock.GetUtcNow().UtcDateTime,
                BackupArchive.ProviderName(options.Provider), migration, databaseEntry, hasAnalytics ? BackupArchive.AnalyticsEntry : null);

            File.Delete(partial);
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            await using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                var manifestEntry = zip.CreateEntry(BackupArchive.ManifestEntry);
                await using (var writer = manifestEntry.Open())
                {
                    await JsonSerializer.SerializeAsync(writer, manifest, BackupArchive.Json, cancellationToken);
                }

                await zip.CreateEntryFromFileAsync(databaseCopy, databaseEntry, CompressionLevel.Optimal, cancellationToken);
                if (hasAnalytics)
                {
                    using var held = BackupArchive.OpenAnalyticsExclusively(analyticsPath);
                    await zip.CreateEntryFromFileAsync(analyticsPath, BackupArchive.AnalyticsEntry, CompressionLevel.Optimal, cancellationToken);
                }
            }

            File.Move(partial, target, overwrite: true);
            return Outcome<BackupReport>.Ok(new BackupReport(target, manifest, new FileInfo(target).Length));
        }
        finally
        {
            File.Delete(partial);
            Directory.Delete(work, recursive: true);
        }
    }
}
