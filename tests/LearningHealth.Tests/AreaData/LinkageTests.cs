using LearningHealth.AreaData;

namespace LearningHealth.Tests.AreaData;

public sealed class LinkageTests
{
    [Theory]
    [InlineData("LS6 2AB", "LS6", "LS6 2")]
    [InlineData("ls6 2ab", "LS6", "LS6 2")]
    [InlineData("  YO10  5DD ", "YO10", "YO10 5")]
    [InlineData("EC1A 1BB", "EC1A", "EC1A 1")]
    [InlineData("LS62AB", null, null)]
    [InlineData("", null, null)]
    [InlineData(null, null, null)]
    public void A_postcode_gives_its_district_and_sector_in_CSharp_and_in_SQL_alike(string? postcode, string? district, string? sector)
    {
        Assert.Equal(district, AreaTypes.District(postcode));
        Assert.Equal(sector, AreaTypes.Sector(postcode));

        using var kit = new AreaDataKit();
        var literal = postcode is null ? "CAST(NULL AS VARCHAR)" : $"'{postcode}'";
        Assert.Equal((object?)district ?? DBNull.Value, kit.Db.Scalar($"SELECT {AreaTypes.KeySql(AreaType.PostcodeDistrict, literal)}") ?? DBNull.Value);
        Assert.Equal((object?)sector ?? DBNull.Value, kit.Db.Scalar($"SELECT {AreaTypes.KeySql(AreaType.PostcodeSector, literal)}") ?? DBNull.Value);
    }

    [Fact]
    public void Coverage_counts_the_patients_whose_district_or_sector_the_data_set_has()
    {
        using var kit = new AreaDataKit();
        kit.Db.Execute("""
            INSERT INTO patient_flat (id, postal_code) VALUES
              ('p1', 'LS6 2AB'), ('p2', 'ls6 3cd'), ('p3', 'BD1 1AA'), ('p4', 'YO10 5DD'),
              ('p5', 'ZZ9 9ZZ'), ('p6', NULL), ('p7', 'LS6')
            """);
        Assert.True(kit.Import("area_code,deprivation_decile\nLS6,2\nBD1,1\nYO10,9\nHX1,4\n").Succeeded);
        Assert.True(kit.Import("area_code,deprivation_decile\nLS6 2,3\nLS6 9,3\n", "sectors", "postcode_sector").Succeeded);
        Assert.True(kit.Import("area_code,deprivation_decile\nE01011264,3\n", "lsoas", "lsoa").Succeeded);

        var list = new ListAreaData(kit.Options).Handle().ToDictionary(s => s.DataSet.Name);

        // Districts: p1 and p2 (LS6), p3 (BD1), p4 (YO10); not p5 (no such district), p6 (no postcode), p7 (no inward code).
        Assert.Equal((4L, 7L), (list["test-areas"].LinkedPatients, list["test-areas"].Patients));
        Assert.Equal(4.0 / 7, list["test-areas"].Coverage);
        // Sectors: only p1 lives in LS6 2.
        Assert.Equal((1L, 7L), (list["sectors"].LinkedPatients, list["sectors"].Patients));
        // An LSOA cannot be derived from a postcode without a lookup: nobody links.
        Assert.Equal((0L, 7L), (list["lsoas"].LinkedPatients, list["lsoas"].Patients));
    }

    [Fact]
    public void The_patient_area_query_gives_each_patient_the_value_of_their_area()
    {
        using var kit = new AreaDataKit();
        kit.Db.Execute("INSERT INTO patient_flat (id, postal_code) VALUES ('p1', 'LS6 2AB'), ('p2', 'BD1 1AA'), ('p3', 'ZZ9 9ZZ')");
        Assert.True(kit.Import("area_code,rurality\nLS6,urban\nBD1,rural\n").Succeeded);

        var sql = AreaStore.PatientAreaSql(AreaType.PostcodeDistrict).Replace("$dataset", "'test-areas'", StringComparison.Ordinal).Replace("$measure", "'rurality'", StringComparison.Ordinal);
        var rows = kit.Db.Scalar($"SELECT string_agg(patient || '=' || coalesce(value_text, '?') || ':' || linked, ',' ORDER BY patient) FROM ({sql})");

        Assert.Equal("p1=urban:true,p2=rural:true,p3=?:false", rows);
    }

    [Fact]
    public void Coverage_is_unknown_before_patients_are_materialised()
    {
        using var kit = new AreaDataKit(views: false);
        Assert.True(kit.Import("area_code,deprivation_decile\nLS6,2\n").Succeeded);

        var summary = Assert.Single(new ListAreaData(kit.Options).Handle());

        Assert.Null(summary.Patients);
        Assert.Null(summary.Coverage);
    }
}
