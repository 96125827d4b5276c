using LearningHealth.Indicators;

namespace LearningHealth.Tests.Indicators;

/// <summary>Every built-in indicator runs against the shipped view tables; the clinical ones are checked on two patients.</summary>
public sealed class BuiltInIndicatorTests
{
    [Fact]
    public void Every_built_in_indicator_computes_and_counts_the_hand_made_patients()
    {
        using var db = new TempDuckDb();
        ViewTables.Create(db);
        db.Execute("""
            INSERT INTO patient_flat (id, birth_date) VALUES ('p1', '1960-04-01'), ('p2', '2015-07-01');
            INSERT INTO condition_flat (id, patient, code, onset_date) VALUES
              ('c1', 'p1', '44054006', '2020-01-01T00:00:00Z'), ('c2', 'p1', '38341003', '2019-05-01'), ('c3', 'p2', '46635009', '2022-03-01');
            INSERT INTO encounter_flat (id, patient, practitioner, site, organisation, class, start_date, end_date, reason_code, discharge_disposition) VALUES
              ('i1', 'p1', 'C', 's1', 'o1', 'IMP', '2024-12-20T10:00:00Z', '2024-12-28T12:00:00Z', '38341003', 'home'),
              ('i2', 'p2', 'C', 's1', 'o1', 'IMP', '2024-12-20T10:00:00Z', '2024-12-22T12:00:00Z', '46635009', 'home'),
              ('a1', 'p1', 'A', 's1', 'o1', 'AMB', '2025-01-03T09:00:00Z', '2025-01-03T09:15:00Z', '38341003', NULL),
              ('a2', 'p2', 'B', 's1', 'o1', 'AMB', '2025-01-12T09:00:00Z', '2025-01-12T09:15:00Z', NULL, NULL);
            INSERT INTO observation_flat (id, patient, encounter, performer, code, value, unit, effective_date) VALUES
              ('h1', 'p1', NULL, NULL, '4548-4', 7.0, '%', '2024-06-01'),
              ('h2', 'p2', NULL, NULL, '59261-8', 70, 'mmol/mol', '2023-01-01'),
              ('s1', 'p1', NULL, NULL, '72166-2', NULL, NULL, '2024-03-01'),
              ('q1', 'p1', 'a1', 'A', '1085871000000105', 12.5, '%', '2025-01-03'),
              ('q2', 'p2', 'a2', 'B', '1085871000000105', 8, '%', '2025-01-12');
            INSERT INTO blood_pressure_flat (id, patient, effective_date, systolic, diastolic) VALUES
              ('b1', 'p1', '2024-12-01', 130, 85);
            INSERT INTO medication_request_flat (id, patient, encounter, requester, authored_date, medication_code) VALUES
              ('m1', 'p1', NULL, 'A', '2025-02-01', '83367');
            """);

        var report = new ComputeIndicators(TimeProvider.System).Handle(new() { DatabasePath = db.Path });

        Assert.All(report.Indicators, o => Assert.True(o.Status == "computed", $"{o.IndicatorId}: {o.Status} {o.Message}"));
        Assert.Equal(IndicatorLibrary.BuiltIn.Count, report.Indicators.Count);
        string? Count(string indicator, string unit, string month)
        {
            var row = ReadIndicatorResults.ForIndicator(db.Path, indicator, "clinician", unit)
                .SingleOrDefault(r => r.PeriodStart.ToString("yyyy-MM", null) == month);
            return row is null ? null : $"{row.Numerator}/{row.Denominator}";
        }

        // p1 (A): HbA1c 7.0% = (7.0 − 2.15) × 10.929 = 53 mmol/mol in June 2024, within 12 months and ≤ 58.
        // p2 (B): HbA1c of January 2023, more than 12 months before.
        Assert.Equal("1/1", Count("diabetes-hba1c-recorded", "A", "2025-01"));
        Assert.Equal("0/1", Count("diabetes-hba1c-recorded", "B", "2025-01"));
        Assert.Equal("1/1", Count("diabetes-hba1c-controlled", "A", "2025-01"));
        Assert.Equal("0/1", Count("diabetes-hba1c-controlled", "B", "2025-01"));
        Assert.Equal("0/1", Count("diabetes-acr-recorded", "A", "2025-01"));
        // December: both patients' first encounter of the month was C's admission; only p1 had an HbA1c in the year before.
        Assert.Equal("1/2", Count("diabetes-hba1c-recorded", "C", "2024-12"));
        Assert.Equal("1/1", Count("hypertension-bp-controlled", "A", "2025-01"));
        Assert.Null(Count("hypertension-bp-controlled", "B", "2025-01"));
        // p2 is a child: not in the smoking denominator.
        Assert.Equal("1/1", Count("smoking-status-recorded", "A", "2025-01"));
        Assert.Null(Count("smoking-status-recorded", "B", "2025-01"));
        // p1 discharged on 28 December, seen on 3 January (6 days); p2 discharged on 22 December, seen 21 days later.
        Assert.Equal("1/2", Count("discharge-follow-up-7d", "C", "2024-12"));
        // QRISK 12.5% with atorvastatin 29 days later; p2's 8% is not in the denominator.
        Assert.Equal("1/1", Count("cvd-risk-statin", "A", "2025-01"));
        Assert.Null(Count("cvd-risk-statin", "B", "2025-01"));
        Assert.Equal("1/1", Count("encounter-reason-recorded", "A", "2025-01"));
        Assert.Equal("0/1", Count("encounter-reason-recorded", "B", "2025-01"));
        Assert.Empty(ReadIndicatorResults.ForIndicator(db.Path, "rti-antibiotics"));
    }
}
