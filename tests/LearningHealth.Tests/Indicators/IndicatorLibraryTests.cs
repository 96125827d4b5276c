using LearningHealth.Indicators;
using LearningHealth.SqlOnFhir;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.Indicators;

public sealed class IndicatorLibraryTests
{
    public static TheoryData<string> ViewNames() => [.. IndicatorViews.All.Keys];

    [Theory]
    [MemberData(nameof(ViewNames))]
    public void Each_shipped_view_definition_parses_and_is_named_after_its_file(string name)
    {
        var view = ViewDefinition.Parse(IndicatorViews.All[name]);
        Assert.Contains(view.Columns, c => c.Name == "id");
        Assert.Contains($"\"name\": \"{name}\"", IndicatorViews.All[name], StringComparison.Ordinal);
    }

    [Fact]
    public void The_views_the_indicators_need_are_shipped()
    {
        Assert.Superset(
            new HashSet<string> { "encounter_flat", "medication_request_flat", "condition_flat", "observation_flat", "patient_flat", "blood_pressure_flat" },
            new HashSet<string>(IndicatorViews.All.Keys));
        foreach (var indicator in IndicatorLibrary.BuiltIn)
        {
            Assert.All(indicator.Views, v => Assert.True(IndicatorViews.All.ContainsKey(v), $"{indicator.Id} reads {v}, which is not shipped"));
        }
    }

    [Fact]
    public void The_built_in_library_has_at_least_eight_complete_indicators()
    {
        var library = IndicatorLibrary.BuiltIn;
        Assert.True(library.Count >= 8, $"{library.Count} indicators");
        Assert.Equal(library.Count, library.Select(i => i.Id).Distinct().Count());
        Assert.All(library, i =>
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Rationale));
            Assert.NotEmpty(i.DataElements);
            Assert.NotEmpty(i.Codes);
            Assert.Equal("https", i.Evidence.Scheme);
        });
    }

    [Fact]
    public void A_file_is_read_with_sql_as_lines()
    {
        var indicator = IndicatorDefinitionReader.Parse(Valid());
        Assert.Equal("test-indicator", indicator.Id);
        Assert.Equal("SELECT id AS case_id\nFROM cases_flat", indicator.Denominator);
        Assert.Equal(ImprovementDirection.Decrease, indicator.Improvement);
        Assert.Equal([AttributionLevel.Clinician, AttributionLevel.Organisation], indicator.Attribution);
        Assert.Equal(IndicatorPeriod.Quarter, indicator.Period);
        Assert.Equal(0.25, indicator.Target);
        Assert.Equal(5, indicator.MinimumDenominator);
    }

    [Theory]
    [InlineData("\"improvement\": \"decrease\"", "\"improvement\": \"up\"", "test.json: improvement: 'up' is not one of increase, decrease, neutral.")]
    [InlineData("\"period\": \"quarter\"", "\"period\": \"week\"", "test.json: period: 'week' is not one of month, quarter.")]
    [InlineData("\"target\": 0.25", "\"target\": 25", "test.json: target: 25 must be a proportion between 0 and 1.")]
    [InlineData("\"minimumDenominator\": 5", "\"minimumDenominator\": 0", "test.json: minimumDenominator: 0 must be a whole number of at least 1.")]
    [InlineData("\"id\": \"test-indicator\"", "\"id\": \"Test Indicator\"", "test.json: id: 'Test Indicator' must be lower-case letters and digits joined by hyphens, e.g. rti-antibiotics.")]
    [InlineData("\"attribution\": [\"clinician\", \"organisation\"]", "\"attribution\": [\"ward\"]", "test.json: attribution: 'ward' is not one of clinician, team, site, organisation.")]
    [InlineData("\"numerator\": \"SELECT id AS case_id FROM cases_flat WHERE met\"", "\"numerator\": \"DELETE FROM cases_flat\"", "test.json: numerator: must be a query starting with SELECT, WITH or FROM.")]
    [InlineData("\"numerator\": \"SELECT id AS case_id FROM cases_flat WHERE met\"", "\"numerator\": \"SELECT 1; DROP TABLE x\"", "test.json: numerator: must be a single SQL query (no ';' between statements).")]
    [InlineData("\"evidence\": \"https://example.org/evidence\"", "\"evidence\": \"see NICE\"", "test.json: evidence: 'see NICE' is not an http(s) link.")]
    [InlineData("\"title\": \"Test\",", "", "test.json: title: required.")]
    [InlineData("\"title\": \"Test\",", "\"colour\": \"red\",", "test.json: colour: unknown field.")]
    public void Errors_name_the_field(string replace, string with, string expected)
    {
        var json = Valid().Replace(replace, with, StringComparison.Ordinal);
        var error = Assert.Throws<IndicatorDefinitionException>(() => IndicatorDefinitionReader.Parse(json, "test.json"));
        Assert.Contains(expected, error.Message.Split(Environment.NewLine));
    }

    [Fact]
    public void A_changed_definition_has_another_hash()
    {
        var indicator = IndicatorDefinitionReader.Parse(Valid());
        Assert.Equal(indicator.DefinitionHash(), IndicatorDefinitionReader.Parse(Valid()).DefinitionHash());
        Assert.NotEqual(indicator.DefinitionHash(), (indicator with { Numerator = "SELECT 1 AS case_id" }).DefinitionHash());
    }

    internal static string Valid() => """
        {
          "id": "test-indicator",
          "version": "1.0.0",
          "title": "Test",
          "description": "A test indicator.",
          "rationale": "Tests need one.",
          "evidence": "https://example.org/evidence",
          "views": ["cases_flat"],
          "period": "quarter",
          "attribution": ["clinician", "organisation"],
          "improvement": "decrease",
          "target": 0.25,
          "minimumDenominator": 5,
          "dataElements": ["Encounter.reasonCode"],
          "denominator": ["SELECT id AS case_id", "FROM cases_flat"],
          "numerator": "SELECT id AS case_id FROM cases_flat WHERE met"
        }
        """;
}
