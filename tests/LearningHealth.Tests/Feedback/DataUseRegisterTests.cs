using LearningHealth.Feedback;
using LearningHealth.Hosting;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Feedback;

public sealed class DataUseRegisterTests
{
    private static SaveDataUseEntryCommand Entry(string source = "Community pharmacy feed", Guid? id = null, long version = 0, string types = "MedicationRequest, MedicationDispense") =>
        new(id, version, source, "Dispensing records", types, "Service improvement", "UK GDPR 6(1)(e) and 9(2)(h)", LearningHealth.Feedback.DpiaStatus.InProgress, "IG lead", null, "user-1", "Ada Lovelace");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Missing_fields_and_unknown_resource_types_are_named_and_nothing_is_saved(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var register = app.Get<ManageDataUseRegister>();

        var outcome = await register.SaveAsync(Entry(source: " ", types: "Encounter, Encountr, *") with { Purpose = null, LegalBasis = "" });

        Assert.False(outcome.Succeeded);
        Assert.Equal(
            ["DataSource", "LegalBasis", "Purpose", "ResourceTypes", "ResourceTypes"],
            outcome.Problems.Select(p => p.Field).Order(StringComparer.Ordinal));
        Assert.Contains(outcome.Problems, p => p.Message.Contains("Encountr", StringComparison.Ordinal));
        Assert.Empty(await register.ListAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_entry_is_created_updated_and_removed_and_a_stale_edit_is_refused(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var created = (await app.Get<ManageDataUseRegister>().SaveAsync(Entry())).Value!;
        Assert.Equal(["MedicationRequest", "MedicationDispense"], created.ResourceTypes);

        var first = await app.Get<ManageDataUseRegister>().SaveAsync(Entry(id: created.Id, version: created.Version) with { Dpia = LearningHealth.Feedback.DpiaStatus.Approved });
        var stale = await app.Get<ManageDataUseRegister>().SaveAsync(Entry(id: created.Id, version: created.Version) with { Purpose = "Research" });
        var staleDelete = await app.Get<ManageDataUseRegister>().DeleteAsync(created.Id, created.Version, "user-1", "Ada Lovelace");
        var duplicate = await app.Get<ManageDataUseRegister>().SaveAsync(Entry(types: "*"));

        Assert.True(first.Succeeded);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(stale.Problems).Kind);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(staleDelete.Problems).Kind);
        Assert.Equal("DataSource", Assert.Single(duplicate.Problems).Field);
        var stored = Assert.Single(await app.Get<ManageDataUseRegister>().ListAsync());
        Assert.Equal((LearningHealth.Feedback.DpiaStatus.Approved, "Service improvement"), (stored.Dpia, stored.Purpose));

        var removed = await app.Get<ManageDataUseRegister>().DeleteAsync(created.Id, stored.Version, "user-1", "Ada Lovelace");
        Assert.True(removed.Succeeded);
        Assert.Empty(await app.Get<ManageDataUseRegister>().ListAsync());
        Assert.True((await app.Get<LearningHealth.Audit.AuditLog>().VerifyAsync()).Entries >= 3);
    }
}
