using LearningHealth.Indicators;
using LearningHealth.Statistics;

namespace LearningHealth.Tests.Indicators;

public sealed class ComputeIndicatorsTests
{
    private static readonly ComputeIndicators Handler = new(TimeProvider.System);

    [Fact]
    public void Antibiotics_for_respiratory_infections_counts_each_consultation_once_per_clinician_site_and_organisation()
    {
        using var db = new TempDuckDb();
        db.Execute("""
            CREATE TABLE encounter_flat (id VARCHAR, patient VARCHAR, practitioner VARCHAR, site VARCHAR, organisation VARCHAR,
              status VARCHAR, class VARCHAR, type_code VARCHAR, start_date VARCHAR, end_date VARCHAR, reason_code VARCHAR,
              reason_display VARCHAR, discharge_disposition VARCHAR);
            CREATE TABLE medication_request_flat (id VARCHAR, patient VARCHAR, encounter VARCHAR, requester VARCHAR, status VARCHAR,
              intent VARCHAR, authored_date VARCHAR, medication_system VARCHAR, medication_code VARCHAR, medication_display VARCHAR);
            INSERT INTO encounter_flat (id, patient, practitioner, site, organisation, class, start_date, reason_code) VALUES
              ('e1', 'p1', 'A', 's1', 'o1', 'AMB', '2025-01-03T09:00:00+00:00', '54150009'),
              ('e2', 'p2', 'A', 's1', 'o1', 'AMB', '2025-01-10T09:00:00+00:00', '195662009'),
              ('e3', 'p3', 'A', 's1', 'o1', 'AMB', '2025-01-11', '10509002'),
              ('e4', 'p4', 'A', 's1', 'o1', 'AMB', '2025-01-31T23:00:00+00:00', '444814009'),
              ('e5', 'p5', 'B', 's1', 'o1', 'AMB', '2025-01-04', '65363002'),
              ('e6', 'p6', 'B', 's1', 'o1', 'AMB', '2025-01-05', '82272006'),
              ('e7', 'p7', 'B', 's1', 'o1', 'AMB', '2025-01-06', '38341003'),
              ('e8', 'p1', 'A', 's1', 'o1', 'AMB', '2025-02-02', '54150009'),
              ('e9', 'p2', 'A', 's1', 'o1', 'AMB', '2025-02-03', NULL),
              ('e10', 'p3', 'A', 's1', 'o1', 'AMB', '2025-02-04', '36971009');
            INSERT INTO medication_request_flat (id, patient, encounter, requester, authored_date, medication_code) VALUES
              ('m1', 'p1', 'e1', 'A', '2025-01-03', '308182'),
              ('m2', 'p5', 'e5', 'B', '2025-01-04', '723'),
              ('m3', 'p5', 'e5', 'B', '2025-01-04', '18631'),
              ('m4', 'p6', 'e6', 'B', '2025-01-05', '562251'),
              ('m5', 'p7', 'e7', 'B', '2025-01-06', '308192'),
              ('m6', 'p2', 'e9', 'A', '2025-02-03', '308192'),
              ('m7', 'p3', 'e10', 'A', '2025-02-04', '316049');
            """);
        var rti = IndicatorLibrary.BuiltIn.Single(i => i.Id == "rti-antibiotics");

        var report = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [rti], Suppression = new SuppressionPolicy(1) });

        var outcome = Assert.Single(report.Indicators);
        Assert.Equal("computed", outcome.Status);
        var rows = ReadIndicatorResults.ForIndicator(db.Path, "rti-antibiotics")
            .ToDictionary(r => (r.Level, r.Unit, r.PeriodStart.ToString("yyyy-MM", null)));
        // January: A 1 of 4 (e1), B 2 of 2 (e5 with two antibiotics counts once; e7 is not a respiratory infection).
        // February: A 0 of 2 (e9 has no reason; e10's medicine is not an antibiotic on the list).
        Assert.Equal((1, 4), Counts(rows[("clinician", "A", "2025-01")]));
        Assert.Equal((2, 2), Counts(rows[("clinician", "B", "2025-01")]));
        Assert.Equal((0, 2), Counts(rows[("clinician", "A", "2025-02")]));
        Assert.Equal((3, 6), Counts(rows[("site", "s1", "2025-01")]));
        Assert.Equal((3, 6), Counts(rows[("organisation", "o1", "2025-01")]));
        Assert.Equal((0, 2), Counts(rows[("organisation", "o1", "2025-02")]));
        Assert.Equal(7, rows.Count); // A and B in January, A in February; site and organisation in both months

        var a = rows[("clinician", "A", "2025-01")];
        Assert.Equal(0.25, a.Value);
        var wilson = ConfidenceIntervals.Wilson(1, 4);
        Assert.Equal(wilson.Lower, a.CiLower!.Value, 12);
        Assert.Equal(wilson.Upper, a.CiUpper!.Value, 12);
        // All denominators are below the minimum of 10: stored, but not charted.
        Assert.All(rows.Values, r => Assert.True(r.BelowMinimum));
        Assert.All(rows.Values, r => Assert.Null(r.SpcType));
        // Threshold 1: A's numerator of 1 is hidden; as the only hidden clinician count, B's 2 is hidden too.
        Assert.Equal("primary", a.Suppression);
        Assert.Equal("secondary", rows[("clinician", "B", "2025-01")].Suppression);
        Assert.Equal("shown", rows[("organisation", "o1", "2025-01")].Suppression);
    }

    [Fact]
    public void The_results_file_of_a_run_is_gone_when_it_ends_and_one_left_by_a_killed_run_goes_with_the_next_run()
    {
        using var db = TestCases();
        var folder = Path.GetDirectoryName(db.Path)!;
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        var leftByKilledRun = Path.Combine(folder, $"indicator-results-{ended.Id}-0123456789abcdef.parquet");
        var ofARunningProcess = Path.Combine(folder, $"indicator-results-{Environment.ProcessId}-fedcba9876543210.parquet");
        File.WriteAllText(leftByKilledRun, "partial");
        File.WriteAllText(ofARunningProcess, "in use");

        Assert.Equal("computed", Assert.Single(Handler.Handle(new() { DatabasePath = db.Path, Indicators = [TestIndicator()] }).Indicators).Status);

        Assert.False(File.Exists(leftByKilledRun));
        Assert.True(File.Exists(ofARunningProcess));
        Assert.Equal([ofARunningProcess], Directory.GetFiles(folder, "indicator-results-*"));
    }

    [Fact]
    public void Each_unit_gets_its_own_spc_chart_and_the_latest_period_a_funnel_plot()
    {
        using var db = TestCases();
        var report = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [TestIndicator()] });
        Assert.Equal("computed", Assert.Single(report.Indicators).Status);

        var c1 = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "clinician", "C1");
        Assert.Equal(14, c1.Count);
        // Values 12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8 out of 20 (the shift example of docs/statistics.md
        // divided by 20): mean 0.5, MR̄ = 16/13/20, limits 0.5 ± 2.66 × 0.061538 = [0.336308, 0.663692].
        Assert.All(c1, r => Assert.Equal(0.5, r.SpcMean!.Value, 12));
        Assert.Equal(0.336308, c1[0].SpcLower!.Value, 6);
        Assert.Equal(0.663692, c1[0].SpcUpper!.Value, 6);
        // Increase is better: the first seven points are a shift above (improvement), the last seven a shift below.
        Assert.All(c1.Take(7), r => Assert.Equal(("special_cause_improvement", "shift"), (r.SpcType, r.SpcRule)));
        Assert.All(c1.Skip(7), r => Assert.Equal(("special_cause_concern", "shift"), (r.SpcType, r.SpcRule)));
        Assert.All(c1, r => Assert.Equal("special_cause_concern", r.Variation));
        // Target 0.55 lies within the limits: hit and miss.
        Assert.All(c1, r => Assert.Equal("inconsistent", r.Assurance));

        var c2 = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "clinician", "C2");
        Assert.All(c2, r => Assert.Equal("common_cause", r.SpcType));

        // Latest month (2025-02): C1 8/20, C2 10/20, C3 36/40; target p₀ = 54/80 = 0.675.
        var latest = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "clinician")
            .Where(r => r.PeriodStart == new DateOnly(2025, 2, 1)).ToDictionary(r => r.Unit);
        Assert.All(latest.Values, r => Assert.Equal(0.675, r.FunnelTarget!.Value, 12));
        // n = 20: √(0.675 × 0.325 / 20) = 0.104732; 95% lower 0.675 − 0.205271 = 0.469729, 99.8% lower 0.351354.
        Assert.Equal(0.469729, latest["C1"].FunnelLower95!.Value, 5);
        Assert.Equal(("below", "inside"), (latest["C1"].FunnelFlag95, latest["C1"].FunnelFlag998));
        Assert.Equal(("inside", "inside"), (latest["C2"].FunnelFlag95, latest["C2"].FunnelFlag998));
        // n = 40: √(0.675 × 0.325 / 40) = 0.074057; 95% upper 0.820150, 99.8% upper 0.903857; 0.9 lies between.
        Assert.Equal(("above", "inside"), (latest["C3"].FunnelFlag95, latest["C3"].FunnelFlag998));
        // Earlier months have no funnel.
        Assert.All(c1.Take(13), r => Assert.Null(r.FunnelFlag95));
        // C3 has a single point: the SPC chart has no limits.
        Assert.Null(latest["C3"].SpcLower);

        var organisation = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "organisation");
        Assert.Equal((54, 80), Counts(organisation.Single(r => r.PeriodStart == new DateOnly(2025, 2, 1))));
    }

    [Fact]
    public void Unchanged_inputs_are_skipped_and_new_rows_recompute()
    {
        using var db = TestCases();
        var indicator = TestIndicator();
        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);
        Assert.Equal("unchanged", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);
        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator], Force = true }).Indicators[0].Status);

        db.Execute("INSERT INTO cases_flat VALUES ('new', DATE '2025-03-05', 'C1', true)");
        var report = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] });
        Assert.Equal("computed", report.Indicators[0].Status);
        var march = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "clinician", "C1").Last();
        Assert.Equal((new DateOnly(2025, 3, 1), 1L, 1L), (march.PeriodStart, march.Numerator, march.Denominator));
        // The funnel moved to the new latest month.
        Assert.Null(ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "clinician", "C3").Single().FunnelFlag95);

        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator with { Target = 0.6 }] }).Indicators[0].Status);
        Assert.Equal(4, Convert.ToInt64(db.Scalar("SELECT count(*) FROM indicator_runs WHERE status = 'computed'"), null));
        Assert.Equal(1, Convert.ToInt64(db.Scalar("SELECT count(DISTINCT run_id) FROM indicator_results"), null));
    }

    [Fact]
    public void A_failing_or_file_reading_indicator_fails_alone_and_keeps_the_others()
    {
        using var db = TestCases();
        var good = TestIndicator();
        var broken = good with { Id = "broken", Denominator = "SELECT nope AS case_id FROM cases_flat" };
        var reader = good with { Id = "reads-files", Denominator = "SELECT * FROM read_csv('/etc/hostname')" };
        var missing = good with { Id = "missing-view", Views = ["nowhere_flat"] };

        var report = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [broken, good, reader, missing] });

        var byId = report.Indicators.ToDictionary(o => o.IndicatorId);
        Assert.Equal("computed", byId["test-indicator"].Status);
        Assert.Equal("failed", byId["broken"].Status);
        Assert.StartsWith("SQL failed:", byId["broken"].Message, StringComparison.Ordinal);
        Assert.Equal("failed", byId["reads-files"].Status);
        Assert.Contains("disabled", byId["reads-files"].Message, StringComparison.Ordinal);
        Assert.Equal(("failed", "view table missing: nowhere_flat"), (byId["missing-view"].Status, byId["missing-view"].Message));
        Assert.Equal(4, ReadIndicatorResults.LatestRuns(db.Path).Count);
    }

    [Fact]
    public void A_denominator_with_a_met_column_needs_no_numerator_and_counts_the_same()
    {
        using var db = TestCases();
        var withNumerator = TestIndicator();
        var json = """
            {
              "id": "met-column", "version": "1", "title": "Test", "description": "d", "rationale": "r",
              "evidence": "https://example.org", "views": ["cases_flat"], "period": "month",
              "attribution": ["clinician", "organisation"], "improvement": "increase", "target": 0.55,
              "minimumDenominator": 5, "dataElements": ["Encounter.reasonCode"],
              "denominator": "SELECT id AS case_id, day AS event_date, clin AS clinician_id, NULL AS team_id, NULL AS site_id, 'org1' AS organisation_id, CASE WHEN met THEN true END AS met FROM cases_flat"
            }
            """;
        var withMet = IndicatorDefinitionReader.Parse(json);
        var neither = withMet with { Id = "no-met", Denominator = withMet.Denominator.Replace(" AS met", " AS achieved", StringComparison.Ordinal) };

        var report = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [withNumerator, withMet, neither] });

        Assert.Equal("", withMet.Numerator);
        var byId = report.Indicators.ToDictionary(o => o.IndicatorId);
        Assert.Equal(("computed", "computed"), (byId["test-indicator"].Status, byId["met-column"].Status));
        var expected = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator").Select(r => (r.Level, r.Unit, r.PeriodStart, r.Numerator, r.Denominator)).ToList();
        var actual = ReadIndicatorResults.ForIndicator(db.Path, "met-column").Select(r => (r.Level, r.Unit, r.PeriodStart, r.Numerator, r.Denominator)).ToList();
        Assert.Contains(actual, r => r.Numerator > 0 && r.Numerator < r.Denominator);
        Assert.Equal(expected, actual);
        Assert.Equal("failed", byId["no-met"].Status);
        Assert.Contains("met", byId["no-met"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Teams_get_the_cases_of_their_members_and_a_membership_change_recomputes()
    {
        using var db = TestCases();
        var indicator = TestIndicator();
        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);
        Assert.Empty(ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "team"));

        // T1 = C1 and C2; T2 = C2 alone. A case counts for every team its clinician is in.
        db.Execute("CREATE TABLE team_members (team_id VARCHAR NOT NULL, clinician_id VARCHAR NOT NULL)");
        db.Execute("INSERT INTO team_members VALUES ('T1', 'C1'), ('T1', 'C2'), ('T2', 'C2')");
        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);

        var clinicians = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "clinician").ToLookup(r => r.Unit);
        var teams = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "team").ToLookup(r => r.Unit);
        var january = new DateOnly(2024, 1, 1);
        var c1 = clinicians["C1"].Single(r => r.PeriodStart == january);
        var c2 = clinicians["C2"].Single(r => r.PeriodStart == january);
        var t1 = teams["T1"].Single(r => r.PeriodStart == january);
        Assert.Equal((c1.Numerator + c2.Numerator, c1.Denominator + c2.Denominator), (t1.Numerator, t1.Denominator));
        Assert.Equal((22L, 40L), (t1.Numerator, t1.Denominator));
        Assert.Equal((c2.Numerator, c2.Denominator), (teams["T2"].Single(r => r.PeriodStart == january).Numerator, teams["T2"].Single(r => r.PeriodStart == january).Denominator));
        Assert.Equal(14, teams["T1"].Count()); // every month C1 and C2 had cases
        Assert.NotNull(teams["T1"].Last().SpcType); // charted like any unit
        Assert.Empty(ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "team", "C3"));

        Assert.Equal("unchanged", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);
        db.Execute("INSERT INTO team_members VALUES ('T2', 'C3')");
        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);
        var t2Latest = ReadIndicatorResults.ForIndicator(db.Path, "test-indicator", "team", "T2").Single(r => r.PeriodStart == new DateOnly(2025, 2, 1));
        Assert.Equal((10L + 36L, 20L + 40L), (t2Latest.Numerator, t2Latest.Denominator)); // C2's 10 of 20 and C3's 36 of 40
    }

    [Fact]
    public void Results_stored_by_an_older_release_keep_their_names_when_the_table_moves_to_enum_types()
    {
        using var db = TestCases();
        var indicator = TestIndicator();
        Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] });
        const string Names = """
            SELECT string_agg(concat_ws('|', level, unit_id, period_start, suppression, spc_type, spc_rule, variation, assurance, funnel_flag95, funnel_flag998), ';'
                              ORDER BY level::VARCHAR, unit_id, period_start)
            FROM indicator_results
            """;
        var stored = (string)db.Scalar(Names)!;
        Assert.Contains("|special_cause_", stored, StringComparison.Ordinal);

        // An older file: the names as text, and the rule type of a release that had one more value.
        db.Execute("""
            ALTER TABLE indicator_results ALTER level TYPE VARCHAR; ALTER TABLE indicator_results ALTER suppression TYPE VARCHAR;
            ALTER TABLE indicator_results ALTER spc_type TYPE VARCHAR; ALTER TABLE indicator_results ALTER variation TYPE VARCHAR;
            ALTER TABLE indicator_results ALTER spc_rule TYPE VARCHAR; ALTER TABLE indicator_results ALTER assurance TYPE VARCHAR;
            ALTER TABLE indicator_results ALTER funnel_flag95 TYPE VARCHAR; ALTER TABLE indicator_results ALTER funnel_flag998 TYPE VARCHAR;
            DROP TYPE attribution_level_name; DROP TYPE suppression_name; DROP TYPE xmr_point_type_name; DROP TYPE special_cause_rule_name;
            DROP TYPE assurance_name; DROP TYPE funnel_flag_name;
            CREATE TYPE special_cause_rule_name AS ENUM ('outside_limits', 'trend', 'two_of_three', 'shift', 'retired_rule');
            ALTER TABLE indicator_results ALTER spc_rule TYPE special_cause_rule_name;
            """);

        Assert.Equal("unchanged", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator] }).Indicators[0].Status);

        Assert.Equal(stored, db.Scalar(Names));
        Assert.Equal(0L, Convert.ToInt64(db.Scalar("""
            SELECT count(*) FROM information_schema.columns WHERE table_name = 'indicator_results' AND data_type = 'VARCHAR'
              AND column_name NOT IN ('run_id', 'indicator_id', 'indicator_version', 'unit_id')
            """), null));
        Assert.Equal("[outside_limits, trend, two_of_three, shift]", db.Scalar("SELECT enum_range(NULL::special_cause_rule_name)::VARCHAR"));
        Assert.Equal("computed", Handler.Handle(new() { DatabasePath = db.Path, Indicators = [indicator], Force = true }).Indicators[0].Status);
        Assert.Equal(stored, db.Scalar(Names));
    }

    [Fact]
    public void A_missing_database_is_a_plain_error()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Handler.Handle(new() { DatabasePath = "/nonexistent/analytics.duckdb" }));
        Assert.Equal("No analytics database at /nonexistent/analytics.duckdb: import FHIR data first.", error.Message);
    }

    private static (long, long) Counts(StoredResult r) => (r.Numerator, r.Denominator);

    internal static IndicatorDefinition TestIndicator() => IndicatorDefinitionReader.Parse(TestIndicatorJson);

    internal const string TestIndicatorJson = """
        {
          "id": "test-indicator", "version": "1", "title": "Test", "description": "d", "rationale": "r",
          "evidence": "https://example.org", "views": ["cases_flat"], "period": "month",
          "attribution": ["clinician", "organisation"], "improvement": "increase", "target": 0.55,
          "minimumDenominator": 5, "dataElements": ["Encounter.reasonCode"],
          "denominator": "SELECT id AS case_id, day AS event_date, clin AS clinician_id, NULL AS team_id, NULL AS site_id, 'org1' AS organisation_id FROM cases_flat",
          "numerator": "SELECT case_id FROM denominator JOIN cases_flat ON id = case_id WHERE met"
        }
        """;

    /// <summary>C1 and C2: 20 cases a month from January 2024 to February 2025; C3: 40 cases in February 2025.</summary>
    internal static TempDuckDb TestCases()
    {
        var db = new TempDuckDb();
        int[] c1 = [12, 11, 12, 11, 12, 11, 12, 8, 9, 8, 9, 8, 9, 8];
        db.Execute("CREATE TABLE cases_flat (id VARCHAR, day DATE, clin VARCHAR, met BOOLEAN)");
        var values = new List<string>();
        for (var m = 0; m < 14; m++)
        {
            var day = new DateOnly(2024, 1, 15).AddMonths(m).ToString("yyyy-MM-dd", null);
            for (var k = 0; k < 20; k++)
            {
                values.Add($"('c1-{m}-{k}', DATE '{day}', 'C1', {(k < c1[m] ? "true" : "false")})");
                values.Add($"('c2-{m}-{k}', DATE '{day}', 'C2', {(k < 10 ? "true" : "false")})");
            }
        }

        for (var k = 0; k < 40; k++)
        {
            values.Add($"('c3-{k}', DATE '2025-02-10', 'C3', {(k < 36 ? "true" : "false")})");
        }

        db.Execute("INSERT INTO cases_flat VALUES " + string.Join(", ", values));
        return db;
    }
}
