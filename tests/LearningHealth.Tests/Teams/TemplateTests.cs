using LearningHealth.Hosting;
using LearningHealth.Initiatives;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Teams;

public sealed class TemplateTests
{
    [Fact]
    public void LearningHealth_ships_the_seven_natures_of_work_and_each_needs_a_patient_partner()
    {
        var templates = BuiltInTemplates.Load();

        Assert.Equal(
            ["audit-and-feedback", "clinical-decision-support", "digital-inclusion", "embedded-research", "pathway-redesign", "patient-reported-outcomes", "predictive-model"],
            templates.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.All(templates, t =>
        {
            Assert.True(t.BuiltIn);
            Assert.Contains(t.Roles, r => r.Group == DisciplineGroup.PatientsAndPublic && r.Count >= 1);
            Assert.NotEmpty(t.Competencies);
            Assert.NotEmpty(t.Governance);
        });
    }

    [Fact]
    public void A_template_survives_a_round_trip_through_its_file_format()
    {
        var original = BuiltInTemplates.Load().First(t => t.Key == "predictive-model");

        var again = TemplateFile.Parse(TemplateFile.Write(original), "round-trip").Value!;

        Assert.Equal(TemplateFile.Write(original), TemplateFile.Write(again));
        Assert.Equal(original.Roles.Count, again.Roles.Count);
    }

    [Theory]
    [InlineData("""{"key":"x1","name":"N","roles":[{"group":"Wizard","count":1,"fte":1}]}""", "roles[0].group")]
    [InlineData("""{"key":"x1","name":"N","roles":[{"group":"Clinician","count":-1,"fte":1}]}""", "roles[0].count")]
    [InlineData("""{"key":"x1","name":"N","competencies":[{"framework":"f","code":"c","name":"n","minimumLevel":9,"holders":1}]}""", "competencies[0].minimumLevel")]
    [InlineData("""{"key":"Bad Key","name":"N"}""", "key")]
    [InlineData("""{"key":"x1","name":""}""", "name")]
    [InlineData("""{"key":"x1","name":"N","colour":"blue"}""", "colour")]
    public void A_bad_template_file_is_refused_with_the_field_named(string json, string field)
    {
        var outcome = TemplateFile.Parse(json, "bad.json");

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Problems, p => (p.Field == field) || p.Message.Contains(field, StringComparison.Ordinal));
        Assert.All(outcome.Problems, p => Assert.StartsWith("bad.json", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_json_is_refused_with_its_line()
    {
        var outcome = TemplateFile.Parse("{\n\"key\": \"x1\",\n\"name\": \n}", "broken.json");

        Assert.Contains("line 4", Assert.Single(outcome.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_copies_a_built_in_template_edits_the_copy_and_the_original_is_unchanged()
    {
        await using var app = await TestServices.CreateAsync();
        var templates = app.Get<ManageTemplates>();

        var key = (await templates.CopyAsync("audit-and-feedback", "Audit and feedback, Northfield way")).Value!;
        var copy = (await templates.GetAsync(key))!;
        var saved = await templates.SaveAsync(new SaveTemplateCommand(key, copy.Version, copy.Name, "Our version",
            [.. copy.Roles, new RoleRequirement { Group = DisciplineGroup.Researcher, Count = 1, Fte = 0.2m }], copy.Competencies, ["DPIA"]));

        Assert.Equal("audit-and-feedback-northfield-way", key);
        Assert.True(saved.Succeeded);
        var edited = (await app.Get<ManageTemplates>().GetAsync(key))!;
        Assert.False(edited.BuiltIn);
        Assert.Contains(edited.Roles, r => r.Group == DisciplineGroup.Researcher);
        Assert.Equal(["DPIA"], edited.Governance.Select(g => g.Name));
        var original = (await app.Get<ManageTemplates>().GetAsync("audit-and-feedback"))!;
        Assert.DoesNotContain(original.Roles, r => r.Group == DisciplineGroup.Researcher);
    }

    [Fact]
    public async Task Built_in_templates_cannot_be_edited_in_place()
    {
        await using var app = await TestServices.CreateAsync();
        var templates = app.Get<ManageTemplates>();
        var builtIn = (await templates.GetAsync("pathway-redesign"))!;

        var outcome = await templates.SaveAsync(new SaveTemplateCommand(builtIn.Key, builtIn.Version, "Changed", "", builtIn.Roles, builtIn.Competencies, []));

        Assert.Equal(ProblemKind.Conflict, Assert.Single(outcome.Problems).Kind);
        Assert.Equal("Pathway redesign and service improvement", (await app.Get<ManageTemplates>().GetAsync("pathway-redesign"))!.Name);
    }

    [Fact]
    public async Task A_second_save_from_a_stale_copy_of_a_template_is_refused()
    {
        await using var app = await TestServices.CreateAsync();
        var key = (await app.Get<ManageTemplates>().CopyAsync("digital-inclusion", "Inclusion")).Value!;
        var opened = (await app.Get<ManageTemplates>().GetAsync(key))!;

        var first = await app.Get<ManageTemplates>().SaveAsync(new SaveTemplateCommand(key, opened.Version, "First", "", opened.Roles, opened.Competencies, []));
        var second = await app.Get<ManageTemplates>().SaveAsync(new SaveTemplateCommand(key, opened.Version, "Second", "", opened.Roles, opened.Competencies, []));

        Assert.True(first.Succeeded);
        Assert.Contains("Someone else saved this template", Assert.Single(second.Problems).Message, StringComparison.Ordinal);
        Assert.Equal("First", (await app.Get<ManageTemplates>().GetAsync(key))!.Name);
    }

    [Fact]
    public async Task Importing_a_template_never_overwrites_one_with_the_same_key()
    {
        await using var app = await TestServices.CreateAsync();
        var file = TemplateFile.Write((await app.Get<ManageTemplates>().GetAsync("embedded-research"))!);

        var clash = await app.Get<ManageTemplates>().ImportAsync(file, "embedded-research.json");
        var renamed = await app.Get<ManageTemplates>().ImportAsync(file.Replace("\"embedded-research\"", "\"our-research\"", StringComparison.Ordinal), "ours.json");

        Assert.Equal(ProblemKind.Conflict, Assert.Single(clash.Problems).Kind);
        Assert.Equal("our-research", renamed.Value);
    }
}
