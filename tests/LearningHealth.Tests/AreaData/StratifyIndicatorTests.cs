using LearningHealth.AreaData;
using LearningHealth.Indicators;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.AreaData;

public sealed class StratifyIndicatorTests
{
    /// <summary>
    /// Seven patients, nine consultations for a cold in March 2025 by clinicians c1 and c2, and one in January 2024.
    /// Antibiotic: e1, e3, e5, e7 (and e11 in 2024). Area: LS6 decile 2 urban, BD1 decile 1 urban, YO10 decile 9 rural;
    /// p5's district is not in the data set, p6 has no postcode, p7's postcode has no inward code.
    /// </summary>
    internal static AreaDataKit Build()
    {
        var kit = new AreaDataKit();
        kit.Db.Execute("""
            INSERT INTO patient_flat (id, postal_code) VALUES
              ('p1', 'LS6 2AB'), ('p2', 'ls6 3cd'), ('p3', 'BD1 1AA'), ('p4', 'YO10 5DD'), ('p5', 'ZZ9 9ZZ'), ('p6', NULL), ('p7', 'LS6');
            INSERT INTO encounter_flat (id, patient, practitioner, site, organisation, class, start_date, reason_code) VALUES
              ('e1', 'p1', 'c1', 's1', 'o1', 'AMB', '2025-03-03', '82272006'),
              ('e2', 'p1', 'c2', 's1', 'o1', 'AMB', '2025-03-04', '82272006'),
              ('e3', 'p2', 'c1', 's1', 'o1', 'AMB', '2025-03-05', '82272006'),
              ('e4', 'p3', 'c1', 's1', 'o1', 'AMB', '2025-03-06', '82272006'),
              ('e5', 'p3', 'c2', 's2', 'o1', 'AMB', '2025-03-07', '82272006'),
              ('e6', 'p4', 'c2', 's2', 'o1', 'AMB', '2025-03-10', '82272006'),
              ('e7', 'p5', 'c1', 's1', 'o1', 'AMB', '2025-03-11', '82272006'),
              ('e8', 'p6', 'c2', 's2', 'o1', 'AMB', '2025-03-12', '82272006'),
              ('e9', 'p7', 'c1', 's1', 'o1', 'AMB', '2025-03-13', '82272006'),
              ('e10', 'p3', 'c1', 's1', 'o1', 'AMB', '2025-03-14', '44054006'),
              ('e11', 'p4', 'c2', 's2', 'o1', 'AMB', '2024-01-15', '82272006');
            INSERT INTO medication_request_flat (id, patient, encounter, medication_code) VALUES
              ('m1', 'p1', 'e1', '308182'), ('m3', 'p2', 'e3', '308182'), ('m5', 'p3', 'e5', '197454'),
              ('m7', 'p5', 'e7', '308182'), ('m10', 'p3', 'e10', '308182'), ('m11', 'p4', 'e11', '308182');
            """);
        Assert.True(kit.Import("area_code,deprivation_decile,rurality\nLS6,2,urban\nBD1,1,urban\nYO10,9,rural\n").Succeeded);
        return kit;
    }

    private static StratifyIndicatorQuery Query => new() { IndicatorId = "rti-antibiotics", DataSet = "test-areas" };

    private static List<(string Label, long Numerator, long Denominator)> Counts(StratifiedIndicator result) =>
        [.. result.Strata.Select(s => (s.Label, s.Numerator, s.Denominator))];

    [Fact]
    public void Every_case_by_decile_counts_as_by_hand_over_the_latest_twelve_months()
    {
        using var kit = Build();

        var result = new StratifyIndicator(kit.Options, new IndicatorCatalog(kit.Options)).Handle(Query);

        Assert.True(result.Succeeded, string.Join("; ", result.Problems.Select(p => p.Message)));
        var strata = result.Value!;
        // Decile 1: e4, e5 (antibiotic). Decile 2: e1 (antibiotic), e2, e3 (antibiotic). Decile 9: e6 (e11 is in 2024).
        // Not known: e7 (antibiotic), e8, e9. e10 is not a respiratory infection.
        Assert.Equal(
            [("Decile 1 (most deprived)", 1L, 2L), ("Decile 2", 2L, 3L), ("Decile 9", 0L, 1L), ("Area not known", 1L, 3L)],
            Counts(strata));
        Assert.Equal((new DateOnly(2024, 4, 1), new DateOnly(2025, 3, 1)), (strata.From!.Value, strata.To!.Value));
        Assert.Equal((4L, 9L, 6L), (strata.Numerator, strata.Denominator, strata.LinkedCases));
        var decile2 = strata.Strata[1];
        var wilson = ConfidenceIntervals.Wilson(2, 3);
        Assert.Equal((2.0 / 3, wilson.Lower, wilson.Upper), (decile2.Proportion!.Value, decile2.CiLower!.Value, decile2.CiUpper!.Value));
    }

    [Fact]
    public void One_clinician_quintiles_text_categories_and_a_longer_range_count_as_by_hand()
    {
        using var kit = Build();
        var handler = new StratifyIndicator(kit.Options, new IndicatorCatalog(kit.Options));

        var clinician = handler.Handle(Query with { Level = "clinician", Unit = "c1" }).Value!;
        var quintiles = handler.Handle(Query with { Grouping = StratumGrouping.QuintileOfDecile }).Value!;
        var rurality = handler.Handle(Query with { Measure = "rurality" }).Value!;
        var longer = handler.Handle(Query with { From = new DateOnly(2024, 1, 1) }).Value!;

        // c1: e4 (decile 1), e1 and e3 (decile 2, both antibiotic), e7 (antibiotic) and e9 (not known).
        Assert.Equal([("Decile 1 (most deprived)", 0L, 1L), ("Decile 2", 2L, 2L), ("Area not known", 1L, 2L)], Counts(clinician));
        Assert.Equal([("Quintile 1 (deciles 1–2, most deprived)", 3L, 5L), ("Quintile 5 (deciles 9–10, least deprived)", 0L, 1L), ("Area not known", 1L, 3L)], Counts(quintiles));
        Assert.Equal([("rural", 0L, 1L), ("urban", 3L, 5L), ("Area not known", 1L, 3L)], Counts(rurality));
        // From January 2024, e11 (decile 9, antibiotic) counts too.
        Assert.Equal(("Decile 9", 1L, 2L), Counts(longer)[2]);
    }

    [Fact]
    public void Bad_names_are_reported_against_their_field()
    {
        using var kit = Build();
        var handler = new StratifyIndicator(kit.Options, new IndicatorCatalog(kit.Options));

        Assert.Equal("indicator", handler.Handle(Query with { IndicatorId = "no-such" }).Problems.Single().Field);
        Assert.Equal("dataset", handler.Handle(Query with { DataSet = "no-such" }).Problems.Single().Field);
        Assert.Equal("measure", handler.Handle(Query with { Measure = "no_such" }).Problems.Single().Field);
        Assert.Equal("grouping", handler.Handle(Query with { Measure = "rurality", Grouping = StratumGrouping.QuintileOfDecile }).Problems.Single().Field);
        Assert.Equal("level", handler.Handle(Query with { Level = "ward" }).Problems.Single().Field);
        Assert.Equal("level", handler.Handle(Query with { Unit = "c1" }).Problems.Single().Field);
        Assert.Equal("unit", handler.Handle(Query with { Level = "clinician", Unit = "c9" }).Problems.Single().Field);
        Assert.Equal("from", handler.Handle(Query with { From = new DateOnly(2025, 3, 1), To = new DateOnly(2025, 1, 1) }).Problems.Single().Field);
    }

    [Fact]
    public void An_indicator_whose_denominator_has_no_patient_column_is_refused_plainly()
    {
        using var kit = Build();
        var builtIn = LearningHealth.Indicators.IndicatorLibrary.BuiltIn.Single(i => i.Id == "rti-antibiotics");
        var withoutPatient = builtIn with { Denominator = builtIn.Denominator.Replace(",\n       e.patient AS patient", "", StringComparison.Ordinal) };
        Assert.DoesNotContain("AS patient", withoutPatient.Denominator, StringComparison.Ordinal);

        var result = new StratifyIndicator(kit.Options, new IndicatorCatalog(kit.Options)).Handle(Query with { Library = [withoutPatient] });

        var problem = Assert.Single(result.Problems);
        Assert.Equal("indicator", problem.Field);
        Assert.Contains("no 'patient' column", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_in_indicator_exposes_a_patient_for_linkage()
    {
        using var kit = Build();

        foreach (var indicator in LearningHealth.Indicators.IndicatorLibrary.BuiltIn)
        {
            var result = new StratifyIndicator(kit.Options, new IndicatorCatalog(kit.Options)).Handle(Query with { IndicatorId = indicator.Id });
            Assert.True(result.Succeeded, $"{indicator.Id}: {string.Join("; ", result.Problems.Select(p => p.Message))}");
        }
    }
}
