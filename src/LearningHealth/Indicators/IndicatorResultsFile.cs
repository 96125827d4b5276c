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

    public IndicatorResultsFile(string runId)
    {
        this.runId = runId;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lhs-indicator-results-{Guid.NewGuid():N}.parquet");
        stream = new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16, FileOptions.DeleteOnClose);
        // Read once and deleted: compressing it would only cost time.
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.None, UseDateOnlyTypeForDates = true };
        writer = ParquetWriter.CreateAsync(Schema, stream, options).GetAwaiter().GetResult();
    }

    /// <summary>Where the file is; it is deleted when this object is disposed.</summary>
    public string Path { get; }

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

        // Codes become names through list literals (list[code + 1]; a NULL code gives NULL). Indicator ids and
        // versions are passed as parameters, never written into the SQL.
        ComputeIndicators.Execute(connection, $"""
            INSERT INTO {ComputeIndicators.ResultsTable}
            SELECT $1, $2[indicator + 1], $3[indicator + 1], {Names<AttributionLevel>("level")}, unit_id, period_start,
                   numerator, denominator, value, ci_lower, ci_upper, below_minimum, {Names<Suppression>("suppression")},
                   {Names<XmrPointType>("spc_type")}, {Names<SpecialCauseRule>("spc_rule")}, spc_mean, spc_lower, spc_upper,
                   {Names<XmrPointType>("variation")}, {Names<Assurance>("assurance")},
                   funnel_target, funnel_lower95, funnel_upper95, funnel_lower998, funnel_upper998,
                   {Names<FunnelFlag>("funnel_flag95")}, {Names<FunnelFlag>("funnel_flag998")}
            FROM read_parquet($4)
            """, runId, indicators.Select(i => i.Id).ToList(), indicators.Select(i => i.Version).ToList(), Path);
    }

    /// <summary>The SQL that turns a column of codes of <typeparamref name="T"/> into the stored names.</summary>
    private static string Names<T>(string column)
        where T : struct, Enum => $"[{string.Join(", ", EnumCodes<T>.Names.Select(n => $"'{n}'"))}][{column} + 1]";

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

        public static int[] Of(T[] values) => Array.ConvertAll(values, v => Codes[v]);

        public static int?[] Of(T?[] values) => Array.ConvertAll(values, v => v is { } value ? Codes[value] : (int?)null);
    }
}
