using LearningHealth.Hosting;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Tests.Foundation;

[Collection(WebCollection.Name)]
public sealed class DatabaseTests(WebApps apps)
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Start_up_migrates_the_database_and_creates_every_role(string provider)
    {
        var app = await apps.ForAsync(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal(provider == TestDatabase.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, scope.ServiceProvider.GetRequiredService<DatabaseOptions>().Provider);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var roles = await db.Roles.Select(r => r.Name).ToListAsync();
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), roles.Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task When_two_people_edit_the_same_record_the_second_save_is_refused(string provider)
    {
        var app = await apps.ForAsync(provider);
        using var first = app.Services.CreateScope();
        using var second = app.Services.CreateScope();
        var db1 = first.ServiceProvider.GetRequiredService<AppDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = await db1.People.OrderBy(p => p.FamilyName).Select(p => p.Id).FirstAsync();

        var mine = await db1.People.SingleAsync(p => p.Id == id);
        var theirs = await db2.People.SingleAsync(p => p.Id == id);
        mine.Phone = "0161 496 0001";
        theirs.Phone = "0161 496 0002";
        await db1.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        using var check = app.Services.CreateScope();
        var saved = await check.ServiceProvider.GetRequiredService<AppDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == id);
        Assert.Equal("0161 496 0001", saved.Phone);
        Assert.Equal(mine.Version, saved.Version);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_saving_an_account_someone_else_changed_is_told_so_and_changes_nothing(string provider)
    {
        var app = await apps.ForAsync(provider);
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var created = (await services.GetRequiredService<CreateUser>()
            .HandleAsync(new CreateUserCommand($"stale-{Guid.NewGuid():N}@test.example", "Stale Stamp", [Roles.Member]))).Value!;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var staleStamp = (await users.FindByIdAsync(created.Id))!.ConcurrencyStamp!;
        var update = services.GetRequiredService<UpdateUserAccess>();
        var adminId = (await users.FindByEmailAsync(app.Demo.For(Roles.Admin).Email))!.Id;

        var firstEdit = await update.HandleAsync(new UpdateUserAccessCommand(created.Id, [Roles.Member, Roles.Analyst], false, staleStamp), adminId);
        var secondEdit = await update.HandleAsync(new UpdateUserAccessCommand(created.Id, [Roles.Member, Roles.Lead], false, staleStamp), adminId);

        Assert.True(firstEdit.Succeeded);
        var problem = Assert.Single(secondEdit.Problems);
        Assert.Equal(ProblemKind.Conflict, problem.Kind);
        Assert.Contains("Someone else changed this account", problem.Message, StringComparison.Ordinal);
        var roles = await users.GetRolesAsync((await users.FindByIdAsync(created.Id))!);
        Assert.Equal([Roles.Analyst, Roles.Member], roles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_admin_role()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = (await users.FindByEmailAsync(app.Demo.For(Roles.Admin).Email))!;

        var outcome = await scope.ServiceProvider.GetRequiredService<UpdateUserAccess>()
            .HandleAsync(new UpdateUserAccessCommand(admin.Id, [Roles.Member], false, admin.ConcurrencyStamp!), admin.Id);

        Assert.False(outcome.Succeeded);
        Assert.Contains(Roles.Admin, await users.GetRolesAsync(admin));
    }

    [Fact]
    public async Task Past_engagements_are_kept_as_history_beside_the_current_one()
    {
        var app = await apps.ForAsync(TestDatabase.Sqlite);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var withHistory = await db.People.Where(p => p.Engagements.Count > 1).Select(p => p.Id).FirstAsync();

        var person = await scope.ServiceProvider.GetRequiredService<GetPerson>().HandleAsync(withHistory, includeContactDetails: true);

        Assert.NotNull(person);
        Assert.Contains(person.Engagements, e => e.Current);
        Assert.Contains(person.Engagements, e => !e.Current && e.EndDate is not null);
        Assert.True(person.Engagements[0].StartDate > person.Engagements[^1].StartDate, "Newest engagement first.");
    }
}
