using System.Globalization;
using DuckDB.NET.Data;

namespace LearningHealth.Bench.Indicators;

/// <summary>
/// Writes synthetic rows for the shipped view tables straight into DuckDB with SQL (no FHIR resources): patients
/// with a home clinician, conditions, encounters, observations, blood pressures and medication requests, with the
/// codes the built-in indicators look for. Dates are ISO text, as a dateTime column of a view holds them.
/// </summary>
internal static class SyntheticViews
{
    public sealed record Sizes(int Clinicians, int Months, long Patients, long Encounters, long Observations, long BloodPressures, double MedicationShare);

    /// <summary>About ten million rows in all for the default sizes.</summary>
    public static Sizes Default { get; } = new(2_000, 36, 200_000, 5_000_000, 2_500_000, 1_000_000, 0.26);

    public static long Generate(DuckDBConnection connection, Sizes s, bool typedDates)
    {
        var days = (int)(new DateOnly(2022, 1, 1).AddMonths(s.Months).DayNumber - new DateOnly(2022, 1, 1).DayNumber);
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        // Dates as ISO text (what a dateTime column of a view holds), or typed DATE/TIMESTAMP columns.
        string Ts(string e) => typedDates ? e : $"strftime({e}, '%Y-%m-%dT%H:%M:%SZ')";
        string Dt(string e) => typedDates ? e : $"strftime({e}, '%Y-%m-%d')";
        var sql = $"""
            SET threads = {Environment.ProcessorCount};
            SELECT setseed(0.42);
            CREATE OR REPLACE TABLE patient_flat AS
              SELECT 'p' || i AS id, CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END AS gender,
                     {Dt("DATE '1930-01-01' + CAST(hash(i, 'birth') % 30000 AS INTEGER)")} AS birth_date,
                     NULL::VARCHAR AS deceased_date, 'AB' || (i % 90) || ' 1XY' AS postal_code, 'Area ' || (i % 90) AS area,
                     'pr' || (i % {s.Clinicians}) AS general_practitioner, 'org' || (i % {s.Clinicians} % 4) AS organisation
              FROM range({I(s.Patients)}) t(i);
            CREATE OR REPLACE TABLE condition_flat AS
              SELECT 'c' || i || '-' || k AS id, 'p' || i AS patient, NULL::VARCHAR AS encounter, NULL::VARCHAR AS recorder,
                     'active' AS clinical_status, code, NULL::VARCHAR AS display,
                     {(typedDates ? "TIMESTAMP '2015-06-01 00:00:00'" : "'2015-06-01T00:00:00Z'")} AS onset_date, NULL::{(typedDates ? "TIMESTAMP" : "VARCHAR")} AS abatement_date, NULL::{(typedDates ? "TIMESTAMP" : "VARCHAR")} AS recorded_date
              FROM range({I(s.Patients)}) t(i),
                   (VALUES (0, '44054006', 8), (1, '38341003', 25)) c(k, code, percent)
              WHERE hash(i, k) % 100 < percent;
            CREATE OR REPLACE TABLE encounter_flat AS
              SELECT 'e' || i AS id, 'p' || patient AS patient,
                     CASE WHEN r % 100 = 0 THEN NULL WHEN r % 100 < 80 THEN 'pr' || (patient % {s.Clinicians}) ELSE 'pr' || (r % {s.Clinicians}) END AS practitioner,
                     'site' || (patient % {s.Clinicians} % 40) AS site, 'org' || (patient % {s.Clinicians} % 4) AS organisation,
                     'finished' AS status, class, NULL::VARCHAR AS type_code,
                     {Ts("start")} AS start_date,
                     {Ts("start + INTERVAL (CASE WHEN class = 'IMP' THEN 1 + r % 10 ELSE 0 END) DAY + INTERVAL 20 MINUTE")} AS end_date,
                     CASE WHEN r % 10 = 0 THEN ['54150009', '195662009', '444814009', '10509002', '36971009', '65363002', '82272006'][1 + r % 7]
                          WHEN r % 10 < 7 THEN ['38341003', '44054006', '271737000', '162864005'][1 + r % 4] END AS reason_code,
                     NULL::VARCHAR AS reason_display,
                     CASE WHEN class = 'IMP' THEN CASE WHEN r % 20 < 17 THEN 'home' ELSE 'other' END END AS discharge_disposition
              FROM (
                SELECT i, (hash(i, 'patient') % {I(s.Patients)})::BIGINT AS patient, (hash(i, 'r') % 1000000)::BIGINT AS r,
                       TIMESTAMP '2022-01-01 08:00:00' + INTERVAL (hash(i, 'day') % {days}) DAY + INTERVAL (hash(i, 'minute') % 600) MINUTE AS start,
                       CASE WHEN hash(i, 'class') % 100 < 3 THEN 'IMP' WHEN hash(i, 'class') % 100 < 10 THEN 'VR' ELSE 'AMB' END AS class
                FROM range({I(s.Encounters)}) t(i));
            CREATE OR REPLACE TABLE observation_flat AS
              SELECT 'o' || i AS id, 'p' || patient AS patient, NULL::VARCHAR AS encounter,
                     'pr' || (patient % {s.Clinicians}) AS performer, 'final' AS status,
                     CASE WHEN kind = 3 THEN 'http://snomed.info/sct' ELSE 'http://loinc.org' END AS code_system,
                     ['4548-4', '14959-1', '72166-2', '1085871000000105', '29463-7'][kind + 1] AS code,
                     CASE kind WHEN 0 THEN 40 + hash(i, 'v') % 40 WHEN 1 THEN hash(i, 'v') % 30 WHEN 3 THEN hash(i, 'v') % 30 WHEN 4 THEN 50 + hash(i, 'v') % 60 END::DOUBLE AS value,
                     ['mmol/mol', 'mg/g', NULL, '%', 'kg'][kind + 1] AS unit,
                     CASE WHEN kind = 2 THEN '266919005' END AS value_code,
                     {Dt($"DATE '2021-01-01' + CAST(hash(i, 'day') % {days + 365} AS INTEGER)")} AS effective_date
              FROM (SELECT i, (hash(i, 'patient') % {I(s.Patients)})::BIGINT AS patient,
                           CASE WHEN hash(i, 'k') % 10 < 2 THEN 0 WHEN hash(i, 'k') % 10 < 3 THEN 1 WHEN hash(i, 'k') % 10 < 6 THEN 2 WHEN hash(i, 'k') % 10 < 7 THEN 3 ELSE 4 END AS kind
                    FROM range({I(s.Observations)}) t(i));
            CREATE OR REPLACE TABLE blood_pressure_flat AS
              SELECT 'b' || i AS id, 'p' || (hash(i, 'patient') % {I(s.Patients)}) AS patient, NULL::VARCHAR AS encounter,
                     NULL::VARCHAR AS performer,
                     {Dt($"DATE '2021-01-01' + CAST(hash(i, 'day') % {days + 365} AS INTEGER)")} AS effective_date,
                     (110 + hash(i, 's') % 60)::DOUBLE AS systolic, (65 + hash(i, 'd') % 35)::DOUBLE AS diastolic
              FROM range({I(s.BloodPressures)}) t(i);
            CREATE OR REPLACE TABLE medication_request_flat AS
              SELECT 'm' || e.id AS id, e.patient, e.id AS encounter, e.practitioner AS requester, 'active' AS status, 'order' AS intent,
                     e.start_date AS authored_date, 'http://www.nlm.nih.gov/research/umls/rxnorm' AS medication_system,
                     ['308182', '723', '18631', '83367', '36567', '197361', '310965', '198211', '314076', '861007'][1 + (hash(e.id, 'drug') % 10)::BIGINT] AS medication_code,
                     NULL::VARCHAR AS medication_display
              FROM encounter_flat e
              WHERE hash(e.id, 'prescribed') % 1000 < {I((long)(s.MedicationShare * 1000))};
            CHECKPOINT;
            """;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        using var count = connection.CreateCommand();
        count.CommandText = """
            SELECT (SELECT count(*) FROM patient_flat) + (SELECT count(*) FROM condition_flat) + (SELECT count(*) FROM encounter_flat)
                 + (SELECT count(*) FROM observation_flat) + (SELECT count(*) FROM blood_pressure_flat) + (SELECT count(*) FROM medication_request_flat)
            """;
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
