using LearningHealth.Indicators;

namespace LearningHealth.Tests.Indicators;

public sealed class SharedTableTests
{
    private static readonly ComputeIndicators Handler = new(TimeProvider.System);

    private static readonly IndicatorDefinition Smoking = IndicatorLibrary.BuiltIn.Single(i => i.Id == "smoking-status-recorded");
    private static readonly IndicatorDefinition HbA1c = IndicatorLibrary.BuiltIn.Single(i => i.Id == "diabetes-hba1c-recorded");

    [Fact]
    public void Patient_months_holds_one_row_per_patient_and_month_attributed_to_the_first_contact()
    {
        using var db = Encounters();

        Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking] });

        // p1: two contacts in January (B at 09:00 on the 3rd comes first; A later that day), one in February.
        // p2: January, first contact e5 has no clinician recorded: the clinician comes from the next one (C),
        // the site from e5 itself.
        Assert.Equal(3L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM patient_months"), null));
        Assert.Equal("2025-01-03|B|s2", db.Scalar("SELECT CAST(event_date AS VARCHAR) || '|' || clinician_id || '|' || site_id FROM patient_months WHERE case_id = 'p1|2025-01'"));
        Assert.Equal("2025-02-01|A|s1", db.Scalar("SELECT CAST(event_date AS VARCHAR) || '|' || clinician_id || '|' || site_id FROM patient_months WHERE case_id = 'p1|2025-02'"));
        Assert.Equal("C|s3", db.Scalar("SELECT clinician_id || '|' || site_id FROM patient_months WHERE case_id = 'p2|2025-01'"));
    }

    [Fact]
    public void A_shared_table_is_built_once_for_all_its_readers_and_again_only_when_its_views_change()
    {
        using var db = Encounters();

        var first = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, HbA1c] });
        Assert.All(first.Indicators, o => Assert.Equal("computed", o.Status));
        Assert.Equal(1L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM shared_tables WHERE name = 'patient_months'"), null));
        var hash = db.Scalar("SELECT input_hash FROM shared_tables");
        var builtAt = db.Scalar("SELECT built_at FROM shared_tables");

        // Recomputing the indicators without a change does not rebuild the table; forcing does.
        Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, HbA1c with { Target = 0.5 }] });
        Assert.Equal(builtAt, db.Scalar("SELECT built_at FROM shared_tables"));
        Thread.Sleep(5);
        Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, HbA1c], Force = true });
        Assert.NotEqual(builtAt, db.Scalar("SELECT built_at FROM shared_tables"));

        // A new encounter changes encounter_flat: the table and both readers are rebuilt.
        db.Execute("INSERT INTO encounter_flat (id, patient, practitioner, site, organisation, class, start_date) VALUES ('e9', 'p1', 'A', 's1', 'o1', 'AMB', '2025-03-04T10:00:00Z')");
        var again = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, HbA1c] });
        Assert.All(again.Indicators, o => Assert.Equal("computed", o.Status));
        Assert.NotEqual(hash, db.Scalar("SELECT input_hash FROM shared_tables"));
        Assert.Equal(4L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM patient_months"), null));
        Assert.Equal(1L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM shared_tables"), null));

        var unchanged = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, HbA1c] });
        Assert.All(unchanged.Indicators, o => Assert.Equal("unchanged", o.Status));
    }

    [Fact]
    public void An_indicator_reads_the_same_cases_from_the_shared_table_as_from_its_query_written_inline()
    {
        using var db = Encounters();
        var table = SharedTables.Find("patient_months")!;
        var inline = Smoking with
        {
            Id = "smoking-inline",
            Shared = [],
            Denominator = Smoking.Denominator.Replace("FROM patient_months pm", $"FROM ({table.Sql}) pm", StringComparison.Ordinal),
        };
        Assert.NotEqual(Smoking.Denominator, inline.Denominator);

        Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, inline], Suppression = new(1) });

        var shared = ReadIndicatorResults.ForIndicator(db.Path, Smoking.Id).Select(r => (r.Level, r.Unit, r.PeriodStart, r.Numerator, r.Denominator)).ToList();
        var written = ReadIndicatorResults.ForIndicator(db.Path, inline.Id).Select(r => (r.Level, r.Unit, r.PeriodStart, r.Numerator, r.Denominator)).ToList();
        Assert.NotEmpty(shared);
        Assert.Equal(written, shared);
    }

    [Fact]
    public void A_shared_table_whose_query_fails_or_reads_files_is_not_built_and_its_readers_fail_alone()
    {
        using var db = Encounters();
        var reads = new SharedTable
        {
            Name = "patient_months", Version = "9", Title = "t", Description = "d", Views = ["encounter_flat"],
            Sql = "SELECT * FROM read_csv('/etc/hostname')",
        };
        var rti = IndicatorLibrary.BuiltIn.Single(i => i.Id == "rti-antibiotics");

        var report = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking, rti], SharedTables = [reads] });

        var byId = report.Indicators.ToDictionary(o => o.IndicatorId);
        Assert.Equal("failed", byId[Smoking.Id].Status);
        Assert.StartsWith("shared table patient_months: SQL failed:", byId[Smoking.Id].Message, StringComparison.Ordinal);
        Assert.Equal("computed", byId[rti.Id].Status);
        Assert.Equal(0L, Convert.ToInt64(db.Scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'patient_months'"), null));

        var unknown = Handler.Handle(new() { DatabasePath = db.Path, Indicators = [Smoking], SharedTables = [] });
        Assert.Equal(("failed", "view table missing: patient_months"), (unknown.Indicators[0].Status, unknown.Indicators[0].Message));
    }

    [Fact]
    public void An_indicator_file_naming_an_unknown_shared_table_is_refused_with_the_field()
    {
        var json = IndicatorLibraryJson("smoking-status-recorded.json").Replace("\"patient_months\"", "\"patient_weeks\"", StringComparison.Ordinal);

        var error = Assert.Throws<IndicatorDefinitionException>(() => IndicatorDefinitionReader.Parse(json, "x.json"));

        Assert.Contains("x.json: shared: 'patient_weeks' is not a shared table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patient_lists_work_before_the_shared_table_is_built()
    {
        using var db = Encounters();
        using var connection = ComputeIndicators.Open(db.Path, readOnly: true);

        var ctes = SharedTables.MissingAsCtes(connection, Smoking);
        using var command = connection.CreateCommand();
        command.CommandText = $"WITH {ctes}denominator AS ({Smoking.Denominator}) SELECT count(*) FROM denominator";

        Assert.StartsWith("patient_months AS (", ctes, StringComparison.Ordinal);
        Assert.Equal(3L, Convert.ToInt64(command.ExecuteScalar(), null)); // p1 in January and February, p2 in January
    }

    private static string IndicatorLibraryJson(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "LearningHealth", "Indicators", "Library", file);
        return File.ReadAllText(path);
    }

    /// <summary>Two adult patients: p1 with diabetes seen twice in January and once in February, p2 once in January.</summary>
    private static TempDuckDb Encounters()
    {
        var db = new TempDuckDb();
        ViewTables.Create(db);
        db.Execute("""
            INSERT INTO patient_flat (id, birth_date) VALUES ('p1', '1960-04-01'), ('p2', '1990-07-01');
            INSERT INTO condition_flat (id, patient, code, onset_date) VALUES ('c1', 'p1', '44054006', '2020-01-01');
            INSERT INTO encounter_flat (id, patient, practitioner, site, organisation, class, start_date) VALUES
              ('e1', 'p1', 'A', 's1', 'o1', 'AMB', '2025-01-03T15:00:00Z'),
              ('e2', 'p1', 'B', 's2', 'o1', 'AMB', '2025-01-03T09:00:00Z'),
              ('e3', 'p1', 'A', 's1', 'o1', 'AMB', '2025-02-01T09:00:00Z'),
              ('e5', 'p2', NULL, 's3', 'o1', 'AMB', '2025-01-20T08:00:00Z'),
              ('e6', 'p2', 'C', 's4', 'o1', 'AMB', '2025-01-21T08:00:00Z');
            INSERT INTO observation_flat (id, patient, code, effective_date) VALUES ('s1', 'p1', '72166-2', '2024-12-01');
            """);
        return db;
    }
}
