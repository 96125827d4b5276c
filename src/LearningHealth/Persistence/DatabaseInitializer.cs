using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Persistence;

/// <summary>Brings the database up to the current schema and makes sure every role exists. Safe to run again.</summary>
public sealed class DatabaseInitializer(AppDbContext db, DatabaseOptions options, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(options.DataDirectory);
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0 || !await db.Database.CanConnectAsync(cancellationToken))
        {
            // Migrating takes EF Core's migration lock; a database already up to date needs neither.
            if (options.Provider == DatabaseProvider.Sqlite)
            {
                await ReleaseStaleSqliteLockAsync(cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
        }

        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }

        await BuiltInTemplates.InstallAsync(db, cancellationToken);
        await BuiltInFrameworks.InstallAsync(db, clock, cancellationToken);
        return pending;
    }

    /// <summary>How old a SQLite migration lock must be before it is taken to be left by a process that died.</summary>
    public static readonly TimeSpan StaleLockAge = TimeSpan.FromMinutes(2);

    /// <summary>
    /// EF Core guards migrations on SQLite with a row in <c>__EFMigrationsLock</c>, which a process killed while
    /// migrating never deletes: every later start would then wait for it forever. A migration of this database takes
    /// seconds, so a lock older than <see cref="StaleLockAge"/> belongs to a process that is gone, and is removed.
    /// </summary>
    private async Task ReleaseStaleSqliteLockAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }

            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT Timestamp FROM __EFMigrationsLock";
            var value = await read.ExecuteScalarAsync(cancellationToken) as string;
            if (value is null || !DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var takenAt)
                || clock.GetUtcNow() - takenAt < StaleLockAge)
            {
                return;
            }

            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM __EFMigrationsLock";
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
