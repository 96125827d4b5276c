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
        await db.Database.MigrateAsync(cancellationToken);

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
}
