using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed class RecordDefinitionChangesTests
{
    private static IndicatorDefinition Rti => IndicatorLibrary.BuiltIn.Single(i => i.Id == "rti-antibiotics");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_version_change_is_recorded_once_as_a_rebase_and_a_threshold_change_names_its_field(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var v1 = Rti with { Version = "2.0.0" };

        var baseline = await app.Get<RecordDefinitionChanges>().HandleAsync([v1]);
        Assert.Equal(0, baseline.Changes);
        Assert.Equal(2 + IndicatorViews.All.Count, baseline.Baselines); // the indicator, its thresholds, and each view
        Assert.Equal(new DefinitionChangesRecorded(0, 0), await app.Get<RecordDefinitionChanges>().HandleAsync([v1]));

        var v2 = v1 with { Version = "2.1.0", Numerator = v1.Numerator.Replace("'723', ", "", StringComparison.Ordinal) };
        Assert.Equal(1, (await app.Get<RecordDefinitionChanges>().HandleAsync([v2])).Changes);
        Assert.Equal(0, (await app.Get<RecordDefinitionChanges>().HandleAsync([v2])).Changes);

        var target = v2 with { Target = 0.25 };
        Assert.Equal(1, (await app.Get<RecordDefinitionChanges>().HandleAsync([target])).Changes);
        var minimum = target with { MinimumDenominator = 20 };
        Assert.Equal(1, (await app.Get<RecordDefinitionChanges>().HandleAsync([minimum])).Changes);
        // Changed without a new version: recorded, but not a re-base.
        var quiet = minimum with { Denominator = minimum.Denominator + "\n  AND e.status = 'finished'" };
        Assert.Equal(1, (await app.Get<RecordDefinitionChanges>().HandleAsync([quiet])).Changes);

        await using var db = app.NewDbContext();
        var changes = (await db.DefinitionChanges.AsNoTracking().Where(c => c.ItemKey == "rti-antibiotics" && c.FromVersion != null).ToListAsync())
            .OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).ToList();
        Assert.Equal(4, changes.Count);

        var version = changes.Single(c => c.Kind == DefinitionKind.Indicator && c.FromVersion == "2.0.0");
        Assert.Equal("2.0.0", version.FromVersion);
        Assert.True(version.Rebase);
        Assert.Contains("Version 2.0.0 → 2.1.0", version.Summary, StringComparison.Ordinal);
        Assert.Equal(RecordDefinitionChanges.MeaningFingerprint(v2), version.Fingerprint);

        var thresholds = changes.Where(c => c.Kind == DefinitionKind.Threshold).ToList();
        Assert.Equal(2, thresholds.Count);
        Assert.All(thresholds, t => Assert.False(t.Rebase));
        Assert.StartsWith("Target changed from 30% to 25%", thresholds[0].Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("minimum", thresholds[0].Summary, StringComparison.Ordinal);
        Assert.StartsWith("Minimum denominator changed from 10 to 20", thresholds[1].Summary, StringComparison.Ordinal);

        var unversioned = changes.Single(c => c.Kind == DefinitionKind.Indicator && c.FromVersion == "2.1.0");
        Assert.False(unversioned.Rebase);
        Assert.Contains("without a new version", unversioned.Summary, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saving_a_changed_template_records_what_changed_and_an_unchanged_save_records_nothing(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var key = (await app.Get<ManageTemplates>().CopyAsync("audit-and-feedback", "Audit, our way")).Value!;
        var copy = (await app.Get<ManageTemplates>().GetAsync(key))!;

        var saved = await app.Get<ManageTemplates>().SaveAsync(new SaveTemplateCommand(key, copy.Version, "Audit and feedback, our way", copy.Description,
            [.. copy.Roles, new RoleRequirement { Group = DisciplineGroup.Researcher, Count = 1, Fte = 0.2m }], copy.Competencies,
            copy.Governance.Select(g => g.Name).ToList(), "Lead Person"));
        Assert.True(saved.Succeeded);
        var again = (await app.Get<ManageTemplates>().GetAsync(key))!;
        Assert.True((await app.Get<ManageTemplates>().SaveAsync(new SaveTemplateCommand(key, again.Version, again.Name, again.Description,
            again.Roles, again.Competencies, again.Governance.Select(g => g.Name).ToList(), "Lead Person"))).Succeeded);

        await using var db = app.NewDbContext();
        var change = Assert.Single(await db.DefinitionChanges.AsNoTracking().Where(c => c.Kind == DefinitionKind.Template).ToListAsync());
        Assert.Equal(key, change.ItemKey);
        Assert.Equal("Audit and feedback, our way", change.ItemTitle);
        Assert.Equal("Lead Person", change.ChangedBy);
        Assert.Contains("name (was \"Audit, our way\")", change.Summary, StringComparison.Ordinal);
        Assert.Contains($"role requirements ({copy.Roles.Count} → {copy.Roles.Count + 1})", change.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("competency", change.Summary, StringComparison.Ordinal);
        Assert.False(change.Rebase);
    }

    [Fact]
    public async Task The_demo_history_shows_rti_antibiotics_moving_from_1_1_0_to_1_2_0_two_months_ago_and_detection_adds_nothing_for_it()
    {
        await using var app = await TestServices.CreateAsync();
        Assert.True(await app.Get<SeedDemoDefinitionHistory>().HandleAsync());
        Assert.False(await app.Get<SeedDemoDefinitionHistory>().HandleAsync());
        await app.Get<RecordDefinitionChanges>().HandleAsync();

        var previous = SeedDemoDefinitionHistory.Version110(Rti);
        Assert.NotEqual(RecordDefinitionChanges.MeaningFingerprint(previous), RecordDefinitionChanges.MeaningFingerprint(Rti));
        Assert.DoesNotContain("1043400", previous.Numerator, StringComparison.Ordinal);
        Assert.Equal(Rti.Codes.Count - 2, previous.Codes.Count);

        await using var db = app.NewDbContext();
        var rti = (await db.DefinitionChanges.AsNoTracking().Where(c => c.Kind == DefinitionKind.Indicator && c.ItemKey == "rti-antibiotics").ToListAsync())
            .OrderBy(c => c.ChangedAt).ToList();
        Assert.Equal(2, rti.Count);
        Assert.Null(rti[0].FromVersion);
        var change = rti[1];
        Assert.Equal(("1.1.0", "1.2.0"), (change.FromVersion, change.ToVersion));
        Assert.True(change.Rebase);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(new DateOnly(today.Year, today.Month, 1).AddMonths(-2), change.EffectiveFrom);
        Assert.Contains("197454", change.Summary, StringComparison.Ordinal);
        Assert.Contains("1043400", change.Summary, StringComparison.Ordinal);

        var feed = await app.Get<DefinitionChangeFeed>().HandleAsync();
        Assert.Equal(change.Id, feed.Changes[0].Id);
        Assert.DoesNotContain(feed.Changes, c => c.FromVersion is null);
    }
}
