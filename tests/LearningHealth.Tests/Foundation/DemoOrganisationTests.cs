using LearningHealth.Demo;
using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearningHealth.Tests.Foundation;

public sealed class DemoOrganisationTests
{
    private static async Task<(ServiceProvider Services, string Dir)> FreshDatabaseAsync()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-demo-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = dir }).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning)).AddLearningHealth(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        return (services, dir);
    }

    private static async Task<List<string>> SeedAndListNamesAsync(int seed)
    {
        var (services, _) = await FreshDatabaseAsync();
        await using (services)
        {
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>().HandleAsync(seed);
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().People
                .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).Select(p => p.GivenName + " " + p.FamilyName).ToListAsync();
        }
    }

    [Fact]
    public async Task The_demo_has_about_sixty_people_across_every_discipline_group_and_engagement_type()
    {
        var (services, _) = await FreshDatabaseAsync();
        await using var _services = services;
        using var scope = services.CreateScope();

        var result = await scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>().HandleAsync();

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(result.Created);
        Assert.InRange(result.People, 55, 65);
        Assert.Equal(Enum.GetValues<DisciplineGroup>().Order(), (await db.People.Select(p => p.Discipline).Distinct().ToListAsync()).Order());
        Assert.Equal(Enum.GetValues<EngagementType>().Order(), (await db.Engagements.Select(e => e.Type).Distinct().ToListAsync()).Order());
        Assert.Equal(Enum.GetValues<OrganisationKind>().Where(k => k != OrganisationKind.Other).Order(), (await db.Organisations.Select(o => o.Kind).Distinct().ToListAsync()).Order());
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), result.Accounts.Select(a => a.Role).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_organisation_and_another_seed_a_different_one()
    {
        var first = await SeedAndListNamesAsync(7);
        var again = await SeedAndListNamesAsync(7);
        var other = await SeedAndListNamesAsync(8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Seeding_again_adds_nobody_twice_and_gives_demo_accounts_new_passwords()
    {
        var (services, _) = await FreshDatabaseAsync();
        await using var _services = services;
        using var scope = services.CreateScope();
        var seed = scope.ServiceProvider.GetRequiredService<SeedDemoOrganisation>();

        var first = await seed.HandleAsync();
        var second = await seed.HandleAsync();

        Assert.False(second.Created);
        Assert.Equal(first.People, second.People);
        Assert.Equal(first.People, await scope.ServiceProvider.GetRequiredService<AppDbContext>().People.CountAsync());
        Assert.All(first.Accounts.Zip(second.Accounts), pair => Assert.NotEqual(pair.First.Password, pair.Second.Password));
    }
}
