using DuckDB.NET.Data;
using LearningHealth.Statistics;
using Parquet;
using Parquet.Schema;

namespace LearningHealth.Indicators;

/// <summary>
/// The results of a run on their way into <c>indicator_results</c>: a temporary Parquet file, one row group per
/// indicator, written column by column (Parquet.Net) while the next indicators' queries run, then read by DuckDB in one
/// <c>INSERT … SELECT</c>. Appending row by row through DuckDB.NET's appender costs one native call per value (27 per
/// row) on the thread that must also wait for the queries; a column at a time it overlaps with them. The file holds
/// small integer codes where the table holds names (the indicator, the level, the SPC and funnel types), and the
/// <c>INSERT</c> turns codes into names: encoding millions of repeated strings was most of the cost of the file.
/// The table stores those names as DuckDB <c>ENUM</c> types (<see cref="CreateTable"/>): they read and compare as
/// text, and store and insert as one byte.
/// </summary>
internal sealed class IndicatorResultsFile : IDisposable
{
    private static readonly DataField<int> IndicatorCode = new("indicator");
    private static readonly DataField<int> LevelCode = new("level");
    private static readonly DataField<string> UnitId = new("unit_id");
    private static readonly DataField<DateOnly> PeriodStart = new("period_start");
    private static readonly DataField<long> Numerator = new("numerator");
    private static readonly DataField<long> Denominator = new("denominator");
    private static readonly DataField<double?> Value = new("value");
    private static readonly DataField<double?> CiLower = new("ci_lower");
    private static readonly DataField<double?> CiUpper = new("ci_upper");
    private static readonly DataField<bool> BelowMinimum = new("below_minimum");
    private static readonly DataField<int> SuppressionCode = new("suppression");
    private static readonly DataField<int?> SpcType = new("spc_type");
    private static readonly DataField<int?> SpcRule = new("spc_rule");
    private static readonly DataField<double?> SpcMean = new("spc_mean");
    private static readonly DataField<double?> SpcLower = new("spc_lower");
    private static readonly DataField<double?> SpcUpper = new("spc_upper");
    private static readonly DataField<int?> Variation = new("variation");
    private static readonly DataField<int?> AssuranceCode = new("assurance");
    private static readonly DataField<double?> FunnelTarget = new("funnel_target");
    private static readonly DataField<double?> FunnelLower95 = new("funnel_lower95");
    private static readonly DataField<double?> FunnelUpper95 = new("funnel_upper95");
    private static readonly DataField<double?> FunnelLower998 = new("funnel_lower998");
    private static readonly DataField<double?> FunnelUpper998 = new("funnel_upper998");
    private static readonly DataField<int?> FunnelFlag95 = new("funnel_flag95");
    private static readonly DataField<int?> FunnelFlag998 = new("funnel_flag998");

    private static readonly ParquetSchema Schema = new(
        IndicatorCode, LevelCode, UnitId, PeriodStart, Numerator, Denominator, Value, CiLower, CiUpper,
        BelowMinimum, SuppressionCode, SpcType, SpcRule, SpcMean, SpcLower, SpcUpper, Variation, AssuranceCode,
        FunnelTarget, FunnelLower95, FunnelUpper95, FunnelLower998, FunnelUpper998, FunnelFlag95, FunnelFlag998);

    /// <summary>The indicators appended, in order: a row's <c>indicator</c> code is its position here.</summary>
    private readonly List<(string Id, string Version)> indicators = [];
    private readonly string runId;
    private readonly FileStream stream;
    private readonly ParquetWriter writer;
    private long rows;
    private bool completed;

    /// <summary>The start of the file's name; then the process id, so a later run can tell a killed run's file.</summary>
    internal const string FilePrefix = "indicator-results-";

    /// <summary>
    /// A results file in <paramref name="folder"/>, the analytics store's folder: the file can be hundreds of
    /// megabytes, which belong on the data disk rather than in a temporary folder that may be held in memory.
    /// </summary>
    public IndicatorResultsFile(string runId, string folder)
    {
        this.runId = runId;
        Path = System.IO.Path.Combine(folder, $"{FilePrefix}{Environment.ProcessId}-{Guid.NewGuid():N}.parquet");
        stream = new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose);
        // Read once and deleted: compressing it would only cost time.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.None, UseDateOnlyTypeForDates = true };
        writer = ParquetWriter.CreateAsync(Schema, stream, options).GetAwaiter().GetResult();
    }

    /// <summary>Where the file is; it is deleted when this object is disposed.</summary>
    public string Path { get; }

    /// <summary>
    /// Deletes the results files that runs killed part-way left in <paramref name="folder"/> (a file is deleted when
    /// its run ends, unless the process is killed first); files of running processes are kept. Returns how many.
    /// </summary>
    public static int RemoveLeftovers(string folder)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, FilePrefix + "*.parquet"))
        {
            var name = System.IO.Path.GetFileName(file.AsSpan())[FilePrefix.Length..];
            var dash = name.IndexOf('-');
            if (dash > 0 && int.TryParse(name[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && !Hosting.Processes.IsRunning(pid))
            {
                try
                {
                    File.Delete(file);
                    removed++;
                }
                catch (IOException)
                {
                    // Gone already, or in use: the next run tries again.
                }
            }
        }

        return removed;
    }

    /// <summary>Appends one indicator's results as a row group.</summary>
    public void Append(IndicatorResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }

        using var group = writer.CreateRowGroup();
        WriteColumns(group, indicators.Count, results);
        indicators.Add((results.IndicatorId, results.IndicatorVersion));
        rows += results.Count;
    }

    /// <summary>Writes the file's footer; nothing can be appended after.</summary>
    public void Complete()
    {
        if (!completed)
        {
            completed = true;
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            stream.Flush();
        }
    }

    /// <summary>Inserts every row appended into <c>indicator_results</c> on <paramref name="connection"/>, in its current transaction.</summary>
    public void InsertInto(DuckDBConnection connection)
    {
        Complete();
        if (rows == 0)
        {
            return;
        }

        // Codes become names by position in the ENUM type (enum_range(NULL::t)[code + 1]; a NULL code gives NULL).
        // Indicator ids and versions are passed as parameters, never written into the SQL.
        ComputeIndicators.Execute(connection, $"""
            INSERT INTO {ComputeIndicators.ResultsTable}
            SELECT $1, $2[indicator + 1], $3[indicator + 1], {Named<AttributionLevel>("level")}, unit_id, period_start,
                   numerator, denominator, value, ci_lower, ci_upper, below_minimum, {Named<Suppression>("suppression")},
                   {Named<XmrPointType>("spc_type")}, {Named<SpecialCauseRule>("spc_rule")}, spc_mean, spc_lower, spc_upper,
                   {Named<XmrPointType>("variation")}, {Named<Assurance>("assurance")},
                   funnel_target, funnel_lower95, funnel_upper95, funnel_lower998, funnel_upper998,
                   {Named<FunnelFlag>("funnel_flag95")}, {Named<FunnelFlag>("funnel_flag998")}
            FROM read_parquet($4)
            """, runId, indicators.Select(i => i.Id).ToList(), indicators.Select(i => i.Version).ToList(), Path);
    }

    /// <summary>The SQL that turns a column of codes of <typeparamref name="T"/> into its stored ENUM value.</summary>
    private static string Named<T>(string column)
        where T : struct, Enum => $"enum_range(NULL::{EnumCodes<T>.TypeName})[{column} + 1]";

    /// <summary>
    /// Creates <c>indicator_results</c> and the ENUM types of its named columns, or brings an older file's up to date:
    /// a column stored as <c>VARCHAR</c> becomes its ENUM, and an ENUM whose names differ from the code's (a value
    /// added in a later release) is recreated, its columns passing through <c>VARCHAR</c> on the way.
    /// </summary>
    public static void CreateTable(DuckDBConnection connection)
    {
        (string Type, IReadOnlyList<string> Names, string[] Columns)[] enums =
        [
            (EnumCodes<AttributionLevel>.TypeName, EnumCodes<AttributionLevel>.Names, ["level"]),
            (EnumCodes<Suppression>.TypeName, EnumCodes<Suppression>.Names, ["suppression"]),
            (EnumCodes<XmrPointType>.TypeName, EnumCodes<XmrPointType>.Names, ["spc_type", "variation"]),
            (EnumCodes<SpecialCauseRule>.TypeName, EnumCodes<SpecialCauseRule>.Names, ["spc_rule"]),
            (EnumCodes<Assurance>.TypeName, EnumCodes<Assurance>.Names, ["assurance"]),
            (EnumCodes<FunnelFlag>.TypeName, EnumCodes<FunnelFlag>.Names, ["funnel_flag95", "funnel_flag998"]),
        ];
        var table = ComputeIndicators.ResultsTable;
        var tableExists = ComputeIndicators.TableExists(connection, table);
        foreach (var (type, names, columns) in enums)
        {
            var stored = EnumValues(connection, type);
            if (stored is not null && stored.SequenceEqual(names))
            {
                continue;
            }

            if (stored is not null)
            {
                if (tableExists)
                {
                    foreach (var column in columns)
                    {
                        ComputeIndicators.Execute(connection, $"ALTER TABLE {table} ALTER {column} TYPE VARCHAR");
                    }
                }

                ComputeIndicators.Execute(connection, $"DROP TYPE {type}");
            }

            ComputeIndicators.Execute(connection, $"CREATE TYPE {type} AS ENUM ({string.Join(", ", names.Select(n => $"'{n}'"))})");
        }

        ComputeIndicators.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS {table} (
              run_id VARCHAR NOT NULL, indicator_id VARCHAR NOT NULL, indicator_version VARCHAR NOT NULL,
              level {enums[0].Type} NOT NULL, unit_id VARCHAR NOT NULL, period_start DATE NOT NULL,
              numerator BIGINT NOT NULL, denominator BIGINT NOT NULL, value DOUBLE, ci_lower DOUBLE, ci_upper DOUBLE,
              below_minimum BOOLEAN NOT NULL, suppression {enums[1].Type} NOT NULL,
              spc_type {enums[2].Type}, spc_rule {enums[3].Type}, spc_mean DOUBLE, spc_lower DOUBLE, spc_upper DOUBLE,
              variation {enums[2].Type}, assurance {enums[4].Type},
              funnel_target DOUBLE, funnel_lower95 DOUBLE, funnel_upper95 DOUBLE, funnel_lower998 DOUBLE, funnel_upper998 DOUBLE,
              funnel_flag95 {enums[5].Type}, funnel_flag998 {enums[5].Type});
            """);
        foreach (var (type, _, columns) in enums)
        {
            foreach (var column in columns)
            {
                // DuckDB reports an ENUM column's type by its values (ENUM('clinician', …)), not its name.
                if (ColumnType(connection, table, column) == "VARCHAR")
                {
                    ComputeIndicators.Execute(connection, $"ALTER TABLE {table} ALTER {column} TYPE {type}");
                }
            }
        }
    }

    /// <summary>The names of an ENUM type in the file, or null if there is no such type.</summary>
    private static List<string>? EnumValues(DuckDBConnection connection, string type)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM duckdb_types() WHERE type_name = $1 AND logical_type = 'ENUM'";
        command.Parameters.Add(new DuckDBParameter(type));
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        command.Parameters.Clear();
        command.CommandText = $"SELECT unnest(enum_range(NULL::{type}))::VARCHAR";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static string? ColumnType(DuckDBConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data_type FROM information_schema.columns WHERE table_name = $1 AND column_name = $2";
        command.Parameters.Add(new DuckDBParameter(table));
        command.Parameters.Add(new DuckDBParameter(column));
        return command.ExecuteScalar() as string;
    }

    public void Dispose()
    {
        Complete();
        stream.Dispose();
    }

    private static void WriteColumns(ParquetRowGroupWriter group, int indicator, IndicatorResults r)
    {
        void Write<T>(DataField<T> field, T[] values)
            where T : struct => group.WriteAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();
        void WriteOptional<T>(DataField<T?> field, T?[] values)
            where T : struct => group.WriteAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();

        Write(IndicatorCode, Enumerable.Repeat(indicator, r.Count).ToArray());
        Write(LevelCode, EnumCodes<AttributionLevel>.Of(r.Level));
        group.WriteAsync(UnitId, r.Unit, null).GetAwaiter().GetResult();
        Write(PeriodStart, r.PeriodStart);
        Write(Numerator, r.Numerator);
        Write(Denominator, r.Denominator);
        WriteOptional(Value, r.Value);
        WriteOptional(CiLower, r.CiLower);
        WriteOptional(CiUpper, r.CiUpper);
        Write(BelowMinimum, r.BelowMinimum);
        Write(SuppressionCode, EnumCodes<Suppression>.Of(r.Suppression));
        WriteOptional(SpcType, EnumCodes<XmrPointType>.Of(r.SpcType));
        WriteOptional(SpcRule, EnumCodes<SpecialCauseRule>.Of(r.SpcRule));
        WriteOptional(SpcMean, r.SpcMean);
        WriteOptional(SpcLower, r.SpcLower);
        WriteOptional(SpcUpper, r.SpcUpper);
        WriteOptional(Variation, EnumCodes<XmrPointType>.Of(r.Variation));
        WriteOptional(AssuranceCode, EnumCodes<Assurance>.Of(r.Assurance));
        WriteOptional(FunnelTarget, r.FunnelTarget);
        WriteOptional(FunnelLower95, r.FunnelLower95);
        WriteOptional(FunnelUpper95, r.FunnelUpper95);
        WriteOptional(FunnelLower998, r.FunnelLower998);
        WriteOptional(FunnelUpper998, r.FunnelUpper998);
        WriteOptional(FunnelFlag95, EnumCodes<FunnelFlag>.Of(r.FunnelFlag95));
        WriteOptional(FunnelFlag998, EnumCodes<FunnelFlag>.Of(r.FunnelFlag998));
    }

    /// <summary>Each value of an enum as a code (its position) and its stored snake_case name, worked out once.</summary>
    private static class EnumCodes<T>
        where T : struct, Enum
    {
        private static readonly T[] Values = Enum.GetValues<T>();
        private static readonly Dictionary<T, int> Codes = Values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);

        public static readonly IReadOnlyList<string> Names = [.. Values.Select(v => IndicatorStatistics.Name(v))];

        /// <summary>The ENUM type of the stored column: <c>special_cause_rule_name</c> for <c>SpecialCauseRule</c>.</summary>
        public static readonly string TypeName = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(typeof(T).Name) + "_name";

        public static int[] Of(T[] values) => Array.ConvertAll(values, v => Codes[v]);

        public static int?[] Of(T?[] values) => Array.ConvertAll(values, v => v is { } value ? Codes[value] : (int?)null);
    }
}
