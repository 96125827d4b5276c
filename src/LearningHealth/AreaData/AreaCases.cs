using System.Globalization;
using DuckDB.NET.Data;
using LearningHealth.Hosting;
using LearningHealth.Indicators;

namespace LearningHealth.AreaData;

/// <summary>How cases are put into strata by an area measure.</summary>
public enum StratumGrouping
{
    /// <summary>One stratum per value: each decile, each text category (e.g. urban, rural), each number.</summary>
    Value,

    /// <summary>Quintiles of a decile: deciles 1–2 are quintile 1, … 9–10 quintile 5.</summary>
    QuintileOfDecile,
}

/// <summary>Cases and numerator cases of one unit, one period and one stratum.</summary>
internal sealed record AreaCaseCount(string? Unit, DateOnly Period, string StratumKey, long Numerator, long Denominator);

/// <summary>A stratum's identity: its key (sortable), its label, and whether it stands for "area not known".</summary>
public sealed record StratumKey(string Key, string Label, bool Unknown);

/// <summary>
/// The core both area analyses share: an indicator's cases, each joined to its patient's area through
/// <see cref="AreaStore.PatientAreaSql"/>, counted per unit, period and stratum of a measure. The indicator's SQL runs
/// as <see cref="ComputeIndicators"/> runs it: as common table expressions on a read-only connection with file access
/// disabled, cases placed in periods by <c>date_trunc</c> of <c>event_date</c>, numerator cases matched by <c>case_id</c>.
/// </summary>
internal static class AreaCases
{
    public const string UnknownKey = "~unknown";
    public const string UnknownLabel = "Area not known";

    /// <summary>The levels a query may name, with their column in the denominator.</summary>
    public static string? LevelColumn(string level) => level switch
    {
        "clinician" => "clinician_id",
        "team" => "team_id",
        "site" => "site_id",
        "organisation" => "organisation_id",
        _ => null,
    };

    /// <summary>Checks the names a query gives and opens the data; problems name the field.</summary>
    public static Outcome<Context> Prepare(
        string databasePath, IReadOnlyList<IndicatorDefinition>? library, string indicatorId, string dataSetName, string measureName, StratumGrouping grouping, string? level)
    {
        var indicator = (library ?? IndicatorLibrary.BuiltIn).FirstOrDefault(i => i.Id == indicatorId);
        if (indicator is null)
        {
            return new Problem($"There is no indicator '{indicatorId}'.", "indicator", ProblemKind.NotFound);
        }

        if (level is not null && (LevelColumn(level) is null || indicator.Attribution.All(a => IndicatorStatistics.Name(a) != level)))
        {
            return new Problem($"'{level}' is not a level {indicator.Id} is attributed to; use one of {string.Join(", ", indicator.Attribution.Select(IndicatorStatistics.Name))}.", "level");
        }

        if (!File.Exists(databasePath))
        {
            return new Problem("There is no routine data yet: import FHIR data and materialise the views first.", "indicator", ProblemKind.NotFound);
        }

        var connection = AreaStore.OpenReadOnly(databasePath);
        try
        {
            var dataSet = AreaStore.List(connection).FirstOrDefault(d => d.Name == dataSetName);
            if (dataSet is null)
            {
                connection.Dispose();
                return new Problem($"There is no area data set '{dataSetName}'.", "dataset", ProblemKind.NotFound);
            }

            var measure = dataSet.Measures.FirstOrDefault(m => m.Name == measureName);
            if (measure is null)
            {
                connection.Dispose();
                return new Problem($"The data set {dataSet.Name} has no measure '{measureName}'; it has {string.Join(", ", dataSet.Measures.Select(m => m.Name))}.", "measure");
            }

            if (grouping == StratumGrouping.QuintileOfDecile && !IsDecile(connection, dataSet.Name, measure))
            {
                connection.Dispose();
                return new Problem($"Quintiles need a decile: {measure.Name} does not hold whole numbers from 1 to 10.", "grouping");
            }

            var missing = indicator.Views.Append("patient_flat").Distinct().Where(v => !Indicators.ComputeIndicators.TableExists(connection, v)).ToList();
            if (missing.Count > 0)
            {
                connection.Dispose();
                return new Problem($"The view tables {string.Join(", ", missing)} have not been materialised.", "indicator");
            }

            HashSet<string> columns;
            try
            {
                columns = DenominatorColumns(connection, indicator);
            }
            catch (DuckDBException e)
            {
                connection.Dispose();
                return new Problem($"{indicator.Id}: its denominator SQL failed: {e.Message.Split('\n')[0].Trim()}", "indicator");
            }

            if (!columns.Contains("patient"))
            {
                connection.Dispose();
                return new Problem(
                    $"{indicator.Id}: its denominator SQL returns no 'patient' column, so its cases cannot be linked to where patients live; add '… AS patient' to the denominator.",
                    "indicator");
            }

            return Outcome<Context>.Ok(new Context(connection, indicator, dataSet, measure));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>An open read-only connection and the checked indicator, data set and measure; dispose it.</summary>
    internal sealed record Context(DuckDBConnection Connection, IndicatorDefinition Indicator, AreaDataSet DataSet, AreaMeasure Measure) : IDisposable
    {
        public void Dispose() => Connection.Dispose();
    }

    /// <summary>Counts per unit (of <paramref name="level"/>, or none), period and stratum.</summary>
    public static List<AreaCaseCount> Count(Context context, StratumGrouping grouping, string? level)
    {
        var indicator = context.Indicator;
        var unit = level is null ? "CAST(NULL AS VARCHAR)" : $"CAST(d.{LevelColumn(level)} AS VARCHAR)";
        var period = indicator.Period == IndicatorPeriod.Quarter ? "quarter" : "month";
        var stratum = grouping == StratumGrouping.QuintileOfDecile
            ? "CAST(CAST(ceil(a.value_number / 2) AS INTEGER) AS VARCHAR)"
            : context.Measure.Kind == MeasureKind.Numeric
                ? "CAST(a.value_number AS VARCHAR)"
                : "a.value_text";
        using var command = context.Connection.CreateCommand();
        command.CommandText = $"""
            WITH {Indicators.SharedTables.MissingAsCtes(context.Connection, indicator)}{Indicators.IndicatorSql.Ctes(indicator)},
            area AS (
            {AreaStore.PatientAreaSql(context.DataSet.AreaType)}
            ),
            cases AS (
              SELECT {unit} AS unit,
                     CAST(date_trunc('{period}', CAST(d.event_date AS DATE)) AS DATE) AS period_start,
                     {stratum} AS stratum,
                     {Indicators.IndicatorSql.Met(indicator, "d")} AS met
              FROM denominator d
              LEFT JOIN area a ON a.patient = d.patient
              WHERE d.event_date IS NOT NULL
            )
            SELECT unit, period_start, stratum, count_if(met)::BIGINT, count(*)::BIGINT
            FROM cases
            GROUP BY unit, period_start, stratum
            """;
        command.Parameters.Add(new DuckDBParameter("dataset", context.DataSet.Name));
        command.Parameters.Add(new DuckDBParameter("measure", context.Measure.Name));
        using var reader = command.ExecuteReader();
        var counts = new List<AreaCaseCount>();
        while (reader.Read())
        {
            counts.Add(new AreaCaseCount(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.GetFieldValue<DateOnly>(1),
                reader.IsDBNull(2) ? UnknownKey : reader.GetString(2),
                reader.GetInt64(3),
                reader.GetInt64(4)));
        }

        return counts;
    }

    /// <summary>
    /// The period range to use: as asked, else the latest twelve months of data (four quarters), which smooths
    /// seasonal variation and matches the annual figures area comparisons are usually published as.
    /// </summary>
    public static (DateOnly From, DateOnly To)? Range(IReadOnlyCollection<AreaCaseCount> counts, DateOnly? from, DateOnly? to)
    {
        if (counts.Count == 0)
        {
            return null;
        }

        var last = to ?? counts.Max(c => c.Period);
        var first = from ?? last.AddMonths(-11);
        return (first, last);
    }

    /// <summary>Label and order of a stratum key, for a measure.</summary>
    public static StratumKey Describe(string key, AreaMeasure measure, StratumGrouping grouping)
    {
        if (key == UnknownKey)
        {
            return new StratumKey(UnknownKey, UnknownLabel, true);
        }

        var deprivation = measure.Name == ImportAreaData.DeprivationDecileColumn;
        if (grouping == StratumGrouping.QuintileOfDecile)
        {
            var q = int.Parse(key, CultureInfo.InvariantCulture);
            var extreme = deprivation ? (q == 1 ? ", most deprived" : q == 5 ? ", least deprived" : "") : "";
            return new StratumKey(key, $"Quintile {q} (deciles {(2 * q) - 1}–{2 * q}{extreme})", false);
        }

        if (measure.Kind == MeasureKind.Text)
        {
            return new StratumKey(key, key, false);
        }

        var value = double.Parse(key, CultureInfo.InvariantCulture);
        var text = value.ToString("0.###", CultureInfo.InvariantCulture);
        if (deprivation)
        {
            return new StratumKey(key, $"Decile {text}" + (value == 1 ? " (most deprived)" : value == 10 ? " (least deprived)" : ""), false);
        }

        return new StratumKey(key, $"{measure.Name} {text}", false);
    }

    /// <summary>Orders strata: numbers ascending, text in ordinal order, "area not known" last.</summary>
    public static IOrderedEnumerable<T> Ordered<T>(IEnumerable<T> items, Func<T, string> key, AreaMeasure measure, StratumGrouping grouping)
    {
        var numeric = grouping == StratumGrouping.QuintileOfDecile || measure.Kind == MeasureKind.Numeric;
        return items
            .OrderBy(i => key(i) == UnknownKey)
            .ThenBy(i => numeric && key(i) != UnknownKey ? double.Parse(key(i), CultureInfo.InvariantCulture) : 0)
            .ThenBy(i => key(i), StringComparer.Ordinal);
    }

    private static HashSet<string> DenominatorColumns(DuckDBConnection connection, IndicatorDefinition indicator)
    {
        using var command = connection.CreateCommand();
        var shared = Indicators.SharedTables.MissingAsCtes(connection, indicator);
        command.CommandText = (shared.Length > 0 ? "WITH " + shared.TrimEnd().TrimEnd(',') + "\n" : "")
            + $"SELECT * FROM (\n{indicator.Denominator}\n) AS d LIMIT 0";
        using var reader = command.ExecuteReader();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    private static bool IsDecile(DuckDBConnection connection, string dataSet, AreaMeasure measure)
    {
        if (measure.Kind != MeasureKind.Numeric)
        {
            return false;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*) FROM {AreaStore.ValuesTable}
            WHERE dataset = $1 AND measure = $2 AND value_number IS NOT NULL
              AND (value_number < 1 OR value_number > 10 OR value_number <> floor(value_number))
            """;
        command.Parameters.Add(new DuckDBParameter(dataSet));
        command.Parameters.Add(new DuckDBParameter(measure.Name));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0;
    }
}
