using LearningHealth.AreaData;

namespace LearningHealth.Tests.AreaData;

public sealed class ImportAreaDataTests
{
    private const string Good = """
        area_code,deprivation_decile,rurality,pm25
        LS1,3,urban,10.8
        ls6,5,urban,
        YO10,9,rural,7.8
        """;

    [Fact]
    public void A_valid_file_is_stored_with_its_metadata_measures_and_values()
    {
        using var kit = new AreaDataKit(views: false);

        var result = kit.Import(Good);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var stored = Assert.Single(AreaStore.List(kit.Db.Path));
        Assert.Equal("test-areas", stored.Name);
        Assert.Equal(1, stored.Version);
        Assert.Equal(AreaType.PostcodeDistrict, stored.AreaType);
        Assert.Equal("Open Government Licence v3.0", stored.Licence);
        Assert.Equal(new DateOnly(2025, 6, 30), stored.DataDate);
        Assert.Equal(kit.Clock.Now.UtcDateTime, stored.ImportedAt);
        Assert.Equal(3, stored.Areas);
        Assert.Equal(
            [new AreaMeasure("deprivation_decile", MeasureKind.Numeric), new AreaMeasure("rurality", MeasureKind.Text), new AreaMeasure("pm25", MeasureKind.Numeric)],
            stored.Measures);
        // Codes are stored upper case; an empty cell is a missing value (both columns NULL).
        Assert.Equal(5.0, kit.Db.Scalar("SELECT value_number FROM area_values WHERE area_code = 'LS6' AND measure = 'deprivation_decile'"));
        Assert.Equal("rural", kit.Db.Scalar("SELECT value_text FROM area_values WHERE area_code = 'YO10' AND measure = 'rurality'"));
        Assert.Equal(1L, kit.Db.Scalar("SELECT count(*) FROM area_values WHERE area_code = 'LS6' AND measure = 'pm25' AND value_number IS NULL AND value_text IS NULL"));
        Assert.Equal(9L, kit.Db.Scalar("SELECT count(*) FROM area_values"));
    }

    [Theory]
    [InlineData("area_code,deprivation_decile\nLS1,3\n,4\n", 3, "area_code", "missing")]
    [InlineData("area_code,deprivation_decile\nLS1,3\nLS2,4\nls1,5\n", 4, "area_code", "also on line 2")]
    [InlineData("area_code,pm25\nLS1,9.1\nLS2,high\n", 3, "pm25", "'high' is text, but line 2 has a number")]
    [InlineData("area_code,rurality\nLS1,urban\nLS2,7\n", 3, "rurality", "'7' is a number, but line 2 has text")]
    [InlineData("area_code,deprivation_decile\nLS1,3\nLS2,11\n", 3, "deprivation_decile", "'11' is not a deprivation decile")]
    [InlineData("area_code,deprivation_decile\nLS1,0\n", 2, "deprivation_decile", "'0' is not a deprivation decile")]
    [InlineData("area_code,deprivation_decile\nLS1,2.5\n", 2, "deprivation_decile", "'2.5' is not a deprivation decile")]
    [InlineData("area_code,deprivation_decile\nLS1,high\n", 2, "deprivation_decile", "'high' is not a deprivation decile")]
    [InlineData("area_code,deprivation_decile\nLS 6,3\n", 2, "area_code", "'LS 6' is not a postcode_district code")]
    [InlineData("code,deprivation_decile\nLS1,3\n", 1, "code", "the first column must be area_code")]
    [InlineData("area_code,Deprivation Decile\nLS1,3\n", 1, "Deprivation Decile", "lower-case letters, digits and underscores")]
    [InlineData("area_code,pm25,pm25\nLS1,3,4\n", 1, "pm25", "more than once")]
    public void Each_problem_names_its_line_and_column(string csv, int line, string column, string reason)
    {
        using var kit = new AreaDataKit(views: false);

        var result = kit.Import(csv);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(line, problem.Line);
        Assert.Equal(column, problem.Column);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}, column {column}: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(AreaStore.List(kit.Db.Path));
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("area_code;deprivation_decile\nLS1;3\n", 1, "semicolons")]
    [InlineData("area_code\tdeprivation_decile\nLS1\t3\n", 1, "tabs")]
    [InlineData("area_code,deprivation_decile\nLS1,3,4\n", 2, "has 3 values but the header has 2 columns")]
    [InlineData("area_code,deprivation_decile\nLS1;3\n", 2, "not semicolons")]
    [InlineData("area_code\nLS1\n", 1, "no measures")]
    [InlineData("area_code,deprivation_decile\n", 2, "no areas")]
    public void Problems_with_the_whole_file_or_row_name_the_line(string csv, int line, string reason)
    {
        using var kit = new AreaDataKit(views: false);

        var result = kit.Import(csv);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(line, problem.Line);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var kit = new AreaDataKit(views: false);

        var result = kit.Import("area_code,deprivation_decile,pm25\nLS1,3,8\n,4,9\nLS1,12,x\n");

        Assert.Equal(
            ["line 3, column area_code: the area code is missing", "line 4, column area_code: LS1 is also on line 2; each area must appear once"],
            result.Problems.Select(p => p.ToString()).Take(2));
        // Lines with a bad area code are not checked further; the others' measures are.
        Assert.Equal(2, result.Problems.Count);
    }

    [Fact]
    public void Metadata_problems_name_the_field()
    {
        using var kit = new AreaDataKit(views: false);
        var command = AreaDataKit.Command() with { Name = "IMD 2019!", AreaType = "ward", Source = " ", Licence = "", DataDate = "30/06/2025" };

        var result = kit.Importer.Handle(command, new StringReader(Good));

        Assert.Equal(["name", "area type", "source", "licence", "date"], result.Problems.Select(p => p.Column));
        Assert.All(result.Problems, p => Assert.Null(p.Line));
        Assert.Contains("postcode_district, postcode_sector, lsoa", result.Problems[1].Reason, StringComparison.Ordinal);
        Assert.Empty(AreaStore.List(kit.Db.Path));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        using var kit = new AreaDataKit(views: false);
        using var big = new MemoryStream(new byte[ImportAreaData.MaxBytes + 1]);

        var result = kit.Importer.Handle(AreaDataKit.Command(), big);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("file", problem.Column);
        Assert.Contains("larger than 10 MB", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Re_importing_a_name_replaces_its_values_as_a_new_version_and_keeps_the_earlier_import_time()
    {
        using var kit = new AreaDataKit(views: false);
        Assert.True(kit.Import(Good).Succeeded);
        var first = kit.Clock.Now;
        kit.Clock.Now = first.AddDays(3);

        var again = kit.Import("area_code,deprivation_decile\nLS2,7\n");

        Assert.True(again.Replaced);
        var stored = Assert.Single(AreaStore.List(kit.Db.Path));
        Assert.Equal(2, stored.Version);
        Assert.Equal(1, stored.Areas);
        Assert.Equal([new AreaMeasure("deprivation_decile", MeasureKind.Numeric)], stored.Measures);
        Assert.Equal(1L, kit.Db.Scalar("SELECT count(*) FROM area_values WHERE dataset = 'test-areas'"));
        Assert.Equal(7.0, kit.Db.Scalar("SELECT value_number FROM area_values WHERE area_code = 'LS2'"));
        Assert.Equal(first.UtcDateTime, kit.Db.Scalar("SELECT imported_at FROM area_datasets WHERE name = 'test-areas' AND version = 1 AND NOT is_current"));
        Assert.Equal(kit.Clock.Now.UtcDateTime, kit.Db.Scalar("SELECT imported_at FROM area_datasets WHERE name = 'test-areas' AND version = 2 AND is_current"));
    }

    [Fact]
    public void A_refused_re_import_leaves_the_stored_version_as_it_was()
    {
        using var kit = new AreaDataKit(views: false);
        Assert.True(kit.Import(Good).Succeeded);

        var refused = kit.Import("area_code,deprivation_decile\nLS2,7\nLS3,99\n");

        Assert.False(refused.Succeeded);
        var stored = Assert.Single(AreaStore.List(kit.Db.Path));
        Assert.Equal(1, stored.Version);
        Assert.Equal(9L, kit.Db.Scalar("SELECT count(*) FROM area_values"));
        Assert.Equal(1L, kit.Db.Scalar("SELECT count(*) FROM area_datasets"));
    }

    [Fact]
    public void Another_data_set_is_kept_apart()
    {
        using var kit = new AreaDataKit(views: false);
        Assert.True(kit.Import(Good).Succeeded);

        Assert.True(kit.Import("area_code,deprivation_decile\nLS6 2,4\n", "sectors", "postcode_sector").Succeeded);

        Assert.Equal(["sectors", "test-areas"], AreaStore.List(kit.Db.Path).Select(d => d.Name));
        Assert.Equal(9L, kit.Db.Scalar("SELECT count(*) FROM area_values WHERE dataset = 'test-areas'"));
    }

    [Fact]
    public void The_synthetic_data_set_imports_and_is_marked_synthetic()
    {
        using var kit = new AreaDataKit(views: false);

        var result = kit.Importer.Handle(SyntheticAreaData.Command(), new StringReader(SyntheticAreaData.Csv()));

        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.True(result.DataSet!.Synthetic);
        Assert.StartsWith("SYNTHETIC", result.DataSet.Source, StringComparison.Ordinal);
        Assert.Equal(22, result.DataSet.Areas);
        Assert.Equal(["deprivation_decile", "rurality", "pm25"], result.DataSet.Measures.Select(m => m.Name));
        // Every decile from 1 to 10 occurs, so stratification has something in each.
        Assert.Equal(10L, kit.Db.Scalar("SELECT count(DISTINCT value_number) FROM area_values WHERE measure = 'deprivation_decile'"));
    }
}
