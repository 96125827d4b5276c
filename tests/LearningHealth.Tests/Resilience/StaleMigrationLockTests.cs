using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Tests.Resilience;

/// <summary>
/// A process killed while migrating leaves EF Core's SQLite migration lock behind; the next start must not wait for
/// it forever (found by killing <c>lhs feedback publish</c> during its start-up).
/// </summary>
public sealed class StaleMigrationLockTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lock_left_by_a_killed_process_does_not_stop_the_next_start(bool upToDate)
    {
        var data = Directory.CreateTempSubdirectory("lhs-lock-").FullName;
        await using var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddLearningHealth(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = data }).Build())
            .BuildServiceProvider();
        if (upToDate)
        {
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "learninghealth.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT OR REPLACE INTO "__EFMigrationsLock" VALUES (1, '2026-01-01 09:00:00.0000000+00:00');
                """;
            await command.ExecuteNonQueryAsync();
        }

        using (var scope = services.CreateScope())
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancel.Token);
            Assert.Equal(upToDate, applied.Count == 0);
        }

        using (var scope = services.CreateScope())
        {
            Assert.Empty(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>().Database));
        }

        SqliteConnection.ClearAllPools();
    }
}
