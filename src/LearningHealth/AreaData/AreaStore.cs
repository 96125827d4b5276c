using System.Globalization;
using DuckDB.NET.Data;

namespace LearningHealth.AreaData;

/// <summary>Whether a measure holds numbers or text.</summary>
public enum MeasureKind
{
    Numeric,
    Text,
}

/// <summary>One measure (column) of an area data set, in file order.</summary>
public sealed record AreaMeasure(string Name, MeasureKind Kind);

/// <summary>The current version of an area data set, as stored in <c>area_datasets</c>.</summary>
public sealed record AreaDataSet(
    string Name,
    int Version,
    AreaType AreaType,
    string Source,
    string Licence,
    DateOnly DataDate,
    DateTime ImportedAt,
    string? ImportedBy,
    bool Synthetic,
    long Areas,
    IReadOnlyList<AreaMeasure> Measures);

/// <summary>
/// Area data in the analytics DuckDB file (<c>analytics.duckdb</c>), in three tables, long format:
/// <list type="bullet">
/// <item><c>area_datasets</c>: one row per import (name, version, area type, source, licence, date of the data, import
/// time, who, synthetic flag, number of areas, <c>is_current</c>); re-importing a name adds a version and marks the
/// older ones not current, so the history of imports is kept.</item>
/// <item><c>area_measures</c>: the measures of the current version with their kind (numeric or text) and order.</item>
/// <item><c>area_values</c>: one row per data set, area and measure: <c>value_number</c> for numeric measures,
/// <c>value_text</c> for text ones (the other is NULL; both NULL for an empty cell); current version only.</item>
/// </list>
/// </summary>
/// <remarks>
/// Long format rather than one table per data set: any CSV's columns fit without DDL built from user input, one
/// query joins patients to any measure of any data set, and replacing a data set is two DELETEs and an append inside
/// one transaction.
/// </remarks>
public static class AreaStore
{
    public const string DataSetsTable = "area_datasets";
    public const string MeasuresTable = "area_measures";
    public const string ValuesTable = "area_values";

    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS area_datasets (
            name VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            area_type VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            licence VARCHAR NOT NULL,
            data_date DATE NOT NULL,
            imported_at TIMESTAMP NOT NULL,
            imported_by VARCHAR,
            synthetic BOOLEAN NOT NULL,
            areas BIGINT NOT NULL,
            is_current BOOLEAN NOT NULL,
            PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS area_measures (
            dataset VARCHAR NOT NULL,
            measure VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (dataset, measure));
        CREATE TABLE IF NOT EXISTS area_values (
            dataset VARCHAR NOT NULL,
            area_code VARCHAR NOT NULL,
            measure VARCHAR NOT NULL,
            value_number DOUBLE,
            value_text VARCHAR,
            PRIMARY KEY (dataset, area_code, measure));
        """;

    /// <summary>The current data sets in name order; empty when the file or the tables do not exist yet.</summary>
    public static IReadOnlyList<AreaDataSet> List(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return [];
        }

        using var connection = OpenReadOnly(databasePath);
        return List(connection);
    }

    internal static IReadOnlyList<AreaDataSet> List(DuckDBConnection connection)
    {
        if (!Indicators.ComputeIndicators.TableExists(connection, DataSetsTable))
        {
            return [];
        }

        var measures = new Dictionary<string, List<AreaMeasure>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT dataset, measure, kind FROM {MeasuresTable} ORDER BY dataset, position";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var list = measures.TryGetValue(reader.GetString(0), out var found) ? found : measures[reader.GetString(0)] = [];
                list.Add(new AreaMeasure(reader.GetString(1), reader.GetString(2) == "numeric" ? MeasureKind.Numeric : MeasureKind.Text));
            }
        }

        using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT name, version, area_type, source, licence, data_date, imported_at, imported_by, synthetic, areas
            FROM {DataSetsTable} WHERE is_current ORDER BY name
            """;
        using var rows = select.ExecuteReader();
        var result = new List<AreaDataSet>();
        while (rows.Read())
        {
            AreaTypes.TryParse(rows.GetString(2), out var type);
            result.Add(new AreaDataSet(
                rows.GetString(0), rows.GetInt32(1), type, rows.GetString(3), rows.GetString(4),
                rows.GetFieldValue<DateOnly>(5), rows.GetDateTime(6), rows.IsDBNull(7) ? null : rows.GetString(7),
                rows.GetBoolean(8), rows.GetInt64(9), measures.GetValueOrDefault(rows.GetString(0)) ?? []));
        }

        return result;
    }

    /// <summary>
    /// The query <c>patient_area</c>: every patient of <c>patient_flat</c> with their district and sector (from
    /// <c>postal_code</c>) and the value of one measure of one data set for their area (NULLs when not linked).
    /// Columns: <c>patient</c>, <c>postal_code</c>, <c>area_code</c>, <c>linked</c>, <c>value_number</c>, <c>value_text</c>.
    /// The data set and measure names are bound as parameters <c>$dataset</c> and <c>$measure</c>.
    /// </summary>
    public static string PatientAreaSql(AreaType type) => $"""
        SELECT p.id AS patient, p.postal_code, k.area_code, v.area_code IS NOT NULL AS linked, v.value_number, v.value_text
        FROM patient_flat p
        CROSS JOIN LATERAL (SELECT {AreaTypes.KeySql(type, "p.postal_code")} AS area_code) k
        LEFT JOIN {ValuesTable} v ON v.dataset = $dataset AND v.measure = $measure AND v.area_code = k.area_code
        """;

    /// <summary>Patients in <c>patient_flat</c> and how many of them live in an area the data set has (any measure).</summary>
    public static (long Linked, long Total)? Coverage(DuckDBConnection connection, AreaDataSet dataSet)
    {
        if (!Indicators.ComputeIndicators.TableExists(connection, "patient_flat"))
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*), count(a.area_code)
            FROM patient_flat p
            LEFT JOIN (SELECT DISTINCT area_code FROM {ValuesTable} WHERE dataset = $1) a
              ON a.area_code = {AreaTypes.KeySql(dataSet.AreaType, "p.postal_code")}
            """;
        command.Parameters.Add(new DuckDBParameter(dataSet.Name));
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(1), reader.GetInt64(0));
    }

    /// <summary>A read-only connection with file access disabled, as indicator SQL runs (<see cref="Indicators.ComputeIndicators.Open"/>).</summary>
    internal static DuckDBConnection OpenReadOnly(string path) => Indicators.ComputeIndicators.Open(path, readOnly: true);

}
