using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Skills;

public sealed class ImportExportTests
{
    private const string GoodCsv = """
        framework,code,parent_code,name,description,level_1,level_2,level_3
        ward-skills,,,Ward skills,"Skills for ward teams, in brief",Novice,Competent,Expert
        ward-skills,W1,,Handover,Safe handover,Follows the handover sheet,Gives a clear handover,"Teaches ""SBAR"" handover"
        ward-skills,W1.1,W1,Digital handover,Handover in the electronic record,,,
        ward-skills,W2,,Escalation,,Knows when to escalate,,
        """;

    private const string GoodMoodle = """
        Parent ID number,ID number,Short name,Description,Description format,Scale values,Scale configuration,Rule type,Rule outcome,Rule config,Related ID numbers,Export ID,Is framework,Taxonomy
        ,data-skills,Data skills,Working with data,1,"Not yet,Competent",,,,,,data-skills,1,"domain,competency"
        ,D1,Data quality,,1,,,,,,,D1,0,
        D1,D1.1,Coding accuracy,Coded entries match the notes,1,,,,,,,D1.1,0,
        """;

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Our_csv_imports_with_its_tree_levels_and_descriptors(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);

        var imported = await app.Get<ImportFramework>().HandleAsync(GoodCsv);
        var view = (await app.Get<BrowseFrameworks>().GetAsync("ward-skills"))!;

        Assert.True(imported.Succeeded, string.Join(" ", imported.Problems.Select(p => p.Message)));
        Assert.Equal(["Novice", "Competent", "Expert"], view.Levels.Select(l => l.Name));
        Assert.Equal(["W1", "W1.1", "W2"], view.Competencies.Select(c => c.Code));
        Assert.Equal(1, view.Competencies[1].Depth);
        Assert.Equal("Teaches \"SBAR\" handover", view.Competencies[0].Descriptors[2].Text);
        Assert.Equal("Skills for ward teams, in brief", view.Description);
    }

    [Fact]
    public async Task A_bad_csv_gets_line_numbered_errors_and_nothing_is_imported()
    {
        await using var app = await TestServices.CreateAsync();
        const string bad = """
            framework,code,parent_code,name,description,level_1,level_2
            ward,,,Ward,,Novice,Expert
            ward,W1,,Handover,,,
            ward,W1,,Handover again,,,
            ward,W2,W9,Escalation,,,
            ward,W3,,,,,
            """;

        var outcome = await app.Get<ImportFramework>().HandleAsync(bad);
        await using var db = app.NewDbContext();

        Assert.False(outcome.Succeeded);
        var messages = outcome.Problems.Select(p => p.Message).ToList();
        Assert.Contains("line 4: the code W1 is used twice.", messages);
        Assert.Contains("line 5: the parent W9 of W2 is not in the framework.", messages);
        Assert.Contains("line 6: competency W3 has no name.", messages);
        Assert.False(await db.Frameworks.AnyAsync(f => f.Key == "ward"));
    }

    [Fact]
    public async Task A_csv_row_with_the_wrong_number_of_columns_is_named_by_line()
    {
        var outcome = FrameworkCsv.Parse("framework,code,parent_code,name,description,level_1\nward,,,Ward,,Novice\nward,W1,,Handover\n");

        Assert.Equal("line 3: expected 6 columns, found 4.", Assert.Single(outcome.Problems).Message);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_moodle_framework_csv_imports(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);

        var imported = await app.Get<ImportFramework>().HandleAsync(GoodMoodle);
        var view = (await app.Get<BrowseFrameworks>().GetAsync("data-skills"))!;

        Assert.True(imported.Succeeded, string.Join(" ", imported.Problems.Select(p => p.Message)));
        Assert.Equal(["Not yet", "Competent"], view.Levels.Select(l => l.Name));
        Assert.Equal(("D1.1", 1), (view.Competencies[1].Code, view.Competencies[1].Depth));
    }

    [Fact]
    public void A_bad_moodle_file_names_the_problem_lines()
    {
        var twoFrameworks = GoodMoodle + "\n,other,Other,,1,,,,,,,other,1,\n";
        var badHeader = "Parent,ID number\n,x\n";
        var badParent = GoodMoodle.Replace("D1,D1.1", "D7,D1.1", StringComparison.Ordinal);

        Assert.Contains("exactly one row with Is framework = 1", Assert.Single(MoodleFrameworkCsv.Parse(twoFrameworks).Problems).Message, StringComparison.Ordinal);
        Assert.StartsWith("line 1:", Assert.Single(MoodleFrameworkCsv.Parse(badHeader).Problems).Message, StringComparison.Ordinal);
        Assert.Equal("line 4: the parent D7 of D1.1 is not in the framework.", Assert.Single(MoodleFrameworkCsv.Parse(badParent).Problems).Message);
    }

    [Fact]
    public void A_bad_case_file_names_the_problem_items()
    {
        const string bad = """
            { "CFDocument": { "identifier": "d", "uri": "urn:x", "title": "Broken" },
              "CFItems": [ { "identifier": "a", "fullStatement": "One", "humanCodingScheme": "A" }, { "identifier": "b", "humanCodingScheme": "B" }, 7 ],
              "CFAssociations": [ { "associationType": "isChildOf", "originNodeURI": { "identifier": "b" }, "destinationNodeURI": { "identifier": "zzz" } } ] }
            """;

        var messages = CaseFramework.Parse(bad).Problems.Select(p => p.Message).ToList();

        Assert.Contains("CFItem 3: is not an object.", messages);
        Assert.Contains("CFAssociation 1: isChildOf links items that are not in this document.", messages);
        Assert.Contains("CFItem 2: competency B has no name.", messages);
        Assert.StartsWith("The file is not valid JSON", Assert.Single(CaseFramework.Parse("{ nope").Problems).Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(TestDatabase.Sqlite, FrameworkFormat.Csv)]
    [InlineData(TestDatabase.Sqlite, FrameworkFormat.Moodle)]
    [InlineData(TestDatabase.Sqlite, FrameworkFormat.Case)]
    [InlineData(TestDatabase.Postgres, FrameworkFormat.Case)]
    public async Task Export_import_export_gives_the_same_file(string provider, FrameworkFormat format)
    {
        await using var source = await TestServices.CreateAsync(provider);
        await using var target = await TestServices.CreateAsync(provider);

        await using (var db = target.NewDbContext())
        {
            // Clear the target's built-in copies so the exported files come back under their own keys and identifiers.
            await db.Competencies.ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (Guid?)null));
            await db.Frameworks.ExecuteDeleteAsync();
        }

        foreach (var key in BuiltInFrameworks.Keys)
        {
            var first = (await source.Get<ExportFramework>().HandleAsync(key, format))!;
            var imported = await target.Get<ImportFramework>().HandleAsync(first.Content, format);
            Assert.True(imported.Succeeded, $"{key}: " + string.Join(" ", imported.Problems.Select(p => p.Message)));
            var second = (await target.Get<ExportFramework>().HandleAsync(key, format))!;

            Assert.Equal(first.Content, second.Content);
        }
    }

    [Fact]
    public async Task Case_export_carries_the_tree_crosswalks_and_levels_and_reimports_the_same_document()
    {
        await using var app = await TestServices.CreateAsync();
        var document = (await app.Get<ExportFramework>().LoadAsync("lhs-core"))!;

        var json = CaseFramework.Write(document);
        var back = CaseFramework.Parse(json).Value!;

        Assert.Contains("\"associationType\": \"isChildOf\"", json, StringComparison.Ordinal);
        Assert.Contains("\"associationType\": \"isRelatedTo\"", json, StringComparison.Ordinal);
        Assert.Contains("CFRubricCriterionLevels", json, StringComparison.Ordinal);
        Assert.Equal(document.Crosswalks.Select(x => (x.From, x.Relation, x.ToFramework, x.To)), back.Crosswalks.Select(x => (x.From, x.Relation, x.ToFramework, x.To)));
        Assert.Equal(document.Competencies.Select(c => (c.Code, c.Parent, c.Name, string.Join("|", c.Descriptors))), back.Competencies.Select(c => (c.Code, c.Parent, c.Name, string.Join("|", c.Descriptors))));
        Assert.Equal(document.Levels.Select(l => l.Name), back.Levels.Select(l => l.Name));
    }

    [Fact]
    public async Task A_built_in_framework_cannot_be_replaced_by_an_import()
    {
        await using var app = await TestServices.CreateAsync();
        var csv = (await app.Get<ExportFramework>().HandleAsync("lhs-clinician", FrameworkFormat.Csv))!.Content;

        var outcome = await app.Get<ImportFramework>().HandleAsync(csv);

        Assert.Contains("built-in", Assert.Single(outcome.Problems).Message, StringComparison.Ordinal);
    }
}
