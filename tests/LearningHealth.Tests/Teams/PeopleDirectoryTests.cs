using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Teams;

public sealed class PeopleDirectoryTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_filter_narrows_the_directory_to_what_it_names(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider, demo: true);
        var list = app.Get<ListPeople>();
        await using var db = app.NewDbContext();
        var vendor = await db.Organisations.SingleAsync(o => o.Kind == OrganisationKind.PlatformProvider);
        var someone = await db.People.OrderBy(p => p.FamilyName).FirstAsync();

        var everyone = await list.HandleAsync(new PeopleQuery(), true);
        var researchers = await list.HandleAsync(new PeopleQuery(Discipline: DisciplineGroup.Researcher), true);
        var contractors = await list.HandleAsync(new PeopleQuery(EngagementType: EngagementType.Contractor), true);
        var vendorStaff = await list.HandleAsync(new PeopleQuery(OrganisationId: vendor.Id), true);
        var endingSoon = await list.HandleAsync(new PeopleQuery(EndingSoon: true), true);
        var searched = await list.HandleAsync(new PeopleQuery(Search: someone.FamilyName.ToUpperInvariant()), true);

        Assert.Equal(60, everyone.Count);
        Assert.Equal(6, researchers.Count);
        Assert.All(researchers, p => Assert.Equal(DisciplineGroup.Researcher, p.Discipline));
        Assert.NotEmpty(contractors);
        Assert.All(contractors, p => Assert.Equal(EngagementType.Contractor, p.EngagementType));
        Assert.NotEmpty(vendorStaff);
        Assert.All(vendorStaff, p => Assert.Equal(vendor.Name, p.Organisation));
        Assert.NotEmpty(endingSoon);
        Assert.All(endingSoon, p => Assert.InRange(p.EndDate!.Value, DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(ListPeople.EndingSoonDays)));
        Assert.Contains(searched, p => p.Id == someone.Id);
        Assert.All(searched, p => Assert.Contains(someone.FamilyName, p.Name, StringComparison.OrdinalIgnoreCase));
    }
}
