using System.Globalization;
using DuckDB.NET.Data;
using LearningHealth.Audit;
using LearningHealth.Indicators;
using LearningHealth.Persistence;

namespace LearningHealth.Feedback;

/// <summary>Which cases to list: those that met the indicator (numerator) or those that did not (the gap).</summary>
public enum PatientListKind
{
    Numerator,
    Gap,
}

/// <summary>
/// The cases behind one clinician's result for one indicator and period. <see cref="Clinician"/> is the Practitioner
/// key; null means the viewer's own.
/// </summary>
public sealed record GetPatientListQuery(Viewer Viewer, string IndicatorId, string Period, string Which, string? Clinician = null);

public sealed record PatientCase(string CaseId, string? PatientId, DateOnly EventDate, bool Met);

public sealed record PatientList(IndicatorDefinition Indicator, string Clinician, bool Own, DateOnly PeriodStart, PatientListKind Kind, IReadOnlyList<PatientCase> Cases);

/// <summary>
/// Patient-level data behind an indicator. Runs the indicator's own denominator and numerator SQL on a read-only
/// DuckDB connection with file access disabled (as <see cref="ComputeIndicators"/> does), restricted to one clinician
/// and one period, so the list is exactly the cases the result counted. A clinician may list only their own cases;
/// Analysts and Admins any clinician's. Every list shown is written to the audit log (<c>patient-list-viewed</c>).
/// </summary>
public sealed class GetPatientList(PractitionerLinks links, DatabaseOptions database, AuditLog audit, IndicatorCatalog catalog)
{
    public const string AuditAction = "patient-list-viewed";

    public async Task<Guarded<PatientList>> HandleAsync(GetPatientListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var indicator = catalog.Find(query.IndicatorId);
        if (indicator is null)
        {
            return Guarded<PatientList>.NotFound($"There is no indicator '{query.IndicatorId}'.");
        }

        if (!DateOnly.TryParseExact(query.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var period))
        {
            return Guarded<PatientList>.Invalid("period", "period: give a month as YYYY-MM, e.g. 2026-10.");
        }

        PatientListKind kind;
        if (string.Equals(query.Which, "numerator", StringComparison.OrdinalIgnoreCase))
        {
            kind = PatientListKind.Numerator;
        }
        else if (string.Equals(query.Which, "gap", StringComparison.OrdinalIgnoreCase))
        {
            kind = PatientListKind.Gap;
        }
        else
        {
            return Guarded<PatientList>.Invalid("which", "which: must be 'numerator' (cases that met the indicator) or 'gap' (cases that did not).");
        }

        var own = query.Viewer.PersonId is { } personId ? await links.ForPersonAsync(personId, cancellationToken) : null;
        var clinician = string.IsNullOrWhiteSpace(query.Clinician) ? own : query.Clinician.Trim();
        if (clinician is null)
        {
            return Guarded<PatientList>.Invalid("clinician", "clinician: your account has no practice in the routine data; name a clinician.");
        }

        var isOwn = clinician == own;
        if (!isOwn && !query.Viewer.IsAnalyst)
        {
            await audit.RecordAsync("patient-list-refused", query.Viewer.UserId, query.Viewer.Name,
                $"{indicator.Id} {period:yyyy-MM} {clinician}", "another clinician's patients", cancellationToken);
            return Guarded<PatientList>.Forbidden("You can see only your own patients.");
        }

        var cases = Run(AnalyticsDatabase.PathIn(database.DataDirectory), indicator, clinician, period)
            .Where(c => c.Met == (kind == PatientListKind.Numerator))
            .ToList();
        await audit.RecordAsync(AuditAction, query.Viewer.UserId, query.Viewer.Name,
            $"{indicator.Id} {period:yyyy-MM} {clinician}",
            $"which={IndicatorStatistics.Name(kind)}; cases={cases.Count}; own={isOwn.ToString().ToLowerInvariant()}", cancellationToken);
        return Guarded<PatientList>.Ok(new PatientList(indicator, clinician, isOwn, period, kind, cases));
    }

    /// <summary>
    /// The indicator's cases for one clinician and period. The patient is the denominator's <c>patient</c> column
    /// when it has one; otherwise, as the built-in case ids of encounter-based indicators are encounter ids, the
    /// encounter's patient.
    /// </summary>
    internal static List<PatientCase> Run(string path, IndicatorDefinition indicator, string clinician, DateOnly period)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var connection = ComputeIndicators.Open(path, readOnly: true);
        var cte = $"WITH {SharedTables.MissingAsCtes(connection, indicator)}{IndicatorSql.Ctes(indicator)}\n";
        var columns = Columns(connection, cte + "\nSELECT * FROM denominator LIMIT 0");
        var patient = columns.Contains("patient") ? "CAST(d.patient AS VARCHAR)"
            : ComputeIndicators.TableExists(connection, "encounter_flat") ? "(SELECT CAST(e.patient AS VARCHAR) FROM encounter_flat e WHERE e.id = d.case_id LIMIT 1)"
            : "NULL";
        var unit = indicator.Period == IndicatorPeriod.Quarter ? "quarter" : "month";
        using var command = connection.CreateCommand();
        command.CommandText = cte + $"""

            SELECT CAST(d.case_id AS VARCHAR), {patient}, CAST(d.event_date AS DATE),
                   {IndicatorSql.Met(indicator, "d")} AS met
            FROM denominator d
            WHERE CAST(d.clinician_id AS VARCHAR) = $1
              AND d.event_date IS NOT NULL
              AND CAST(date_trunc('{unit}', CAST(d.event_date AS DATE)) AS DATE) = $2
            ORDER BY 3, 1
            """;
        command.Parameters.Add(new DuckDBParameter(clinician));
        command.Parameters.Add(new DuckDBParameter(period));
        using var reader = command.ExecuteReader();
        var cases = new List<PatientCase>();
        while (reader.Read())
        {
            cases.Add(new PatientCase(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetFieldValue<DateOnly>(2), reader.GetBoolean(3)));
        }

        return cases;
    }

    private static HashSet<string> Columns(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

}
