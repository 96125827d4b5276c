using LearningHealth.Initiatives;
using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Skills;

public sealed class FrameworkTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_built_in_frameworks_are_installed_once_and_define_every_competency_the_templates_name(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        await using var db = app.NewDbContext();
        await BuiltInFrameworks.InstallAsync(db, TimeProvider.System);

        var codes = await db.Competencies.Select(c => new { c.Framework!.Key, c.Code }).ToListAsync();
        var frameworks = await db.Frameworks.Select(f => f.Key).ToListAsync();

        Assert.Equal(["fci-core", "lhs-clinician", "lhs-core"], frameworks.Order(StringComparer.Ordinal));
        foreach (var requirement in BuiltInTemplates.Load().SelectMany(t => t.Competencies))
        {
            Assert.Contains(codes, c => c.Key == requirement.Framework && c.Code == requirement.Code);
        }

        Assert.Equal(["1", "2", "3", "4", "5", "6"], codes.Where(c => c.Key == "fci-core").Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.Equal(6, codes.Count(c => c.Key == "lhs-core" && !c.Code.Contains('.', StringComparison.Ordinal)));
        Assert.Equal(["CLN1", "CLN2", "CLN3", "CLN4", "CLN5", "CLN6"], codes.Where(c => c.Key == "lhs-clinician").Select(c => c.Code).Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Crosswalks_link_both_lhs_frameworks_to_the_fci_domains_and_show_from_either_side(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var browse = app.Get<BrowseFrameworks>();

        var core = (await browse.GetAsync("lhs-core"))!;
        var clinician = (await browse.GetAsync("lhs-clinician"))!;
        var fci = (await browse.GetAsync("fci-core"))!;

        var measurement = core.Competencies.Single(c => c.Code == "C4.2");
        var link = Assert.Single(measurement.Crosswalks);
        Assert.Equal((CrosswalkRelation.Broader, "fci-core", "3"), (link.Relation, link.FrameworkKey, link.Code));
        Assert.Contains(clinician.Competencies.Single(c => c.Code == "CLN6").Crosswalks, x => x.FrameworkKey == "fci-core" && x.Code == "4");
        var data = fci.Competencies.Single(c => c.Code == "3");
        Assert.Contains(data.Crosswalks, x => x.Incoming && x.FrameworkKey == "lhs-core" && x.Code == "C4.2");
        Assert.Contains(data.Crosswalks, x => x.Incoming && x.FrameworkKey == "lhs-clinician" && x.Code == "CLN2");
        Assert.Empty(fci.Levels);
    }

    [Fact]
    public async Task A_competency_without_descriptors_shows_its_area_s_and_the_clinician_framework_has_its_own()
    {
        await using var app = await TestServices.CreateAsync();
        var browse = app.Get<BrowseFrameworks>();

        var core = (await browse.GetAsync("lhs-core"))!;
        var clinician = (await browse.GetAsync("lhs-clinician"))!;

        var online = core.Competencies.Single(c => c.Code == "C1.1");
        Assert.True(online.DescriptorsInherited);
        Assert.Equal(4, online.Descriptors.Count);
        Assert.Equal(1, online.Depth);
        Assert.All(clinician.Competencies, c => Assert.Equal(4, c.Descriptors.Count));
        Assert.Equal(4, core.Levels.Count);
    }
}
