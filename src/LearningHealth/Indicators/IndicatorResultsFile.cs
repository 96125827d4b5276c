using DuckDB.NET.Data;
using LearningHealth.Statistics;
using Parquet;
using Parquet.Schema;

namespace LearningHealth.Indicators;

/// <summary>
/// The results of a run on their way into <c>indicator_results</c>: a temporary Parquet file, one row group per
/// indicator, written column by column (Parquet.Net) while the next indicators' queries run, then read by DuckDB in one
/// <c>INSERT … SELECT</c>. Appending row by row through DuckDB.NET's appender costs one native call per value (27 per
/// row) on the thread that must also wait for the queries; a column at a time it overlaps with them.
/// </summary>
internal sealed class IndicatorResultsFile : IDisposable
{
    // The columns of indicator_results, in table order (ComputeIndicators.CreateTables).
    private static readonly DataField<string> RunId = new("run_id");
    private static readonly DataField<string> IndicatorId = new("indicator_id");
    private static readonly DataField<string> IndicatorVersion = new("indicator_version");
    private static readonly DataField<string> Level = new("level");
    private static readonly DataField<string> UnitId = new("unit_id");
    private static readonly DataField<DateOnly> PeriodStart = new("period_start");
    private static readonly DataField<long> Numerator = new("numerator");
    private static readonly DataField<long> Denominator = new("denominator");
    private static readonly DataField<double?> Value = new("value");
    private static readonly DataField<double?> CiLower = new("ci_lower");
    private static readonly DataField<double?> CiUpper = new("ci_upper");
    private static readonly DataField<bool> BelowMinimum = new("below_minimum");
    private static readonly DataField<string> SuppressionName = new("suppression");
    private static readonly DataField<string> SpcType = new("spc_type");
    private static readonly DataField<string> SpcRule = new("spc_rule");
    private static readonly DataField<double?> SpcMean = new("spc_mean");
    private static readonly DataField<double?> SpcLower = new("spc_lower");
    private static readonly DataField<double?> SpcUpper = new("spc_upper");
    private static readonly DataField<string> Variation = new("variation");
    private static readonly DataField<string> AssuranceName = new("assurance");
    private static readonly DataField<double?> FunnelTarget = new("funnel_target");
    private static readonly DataField<double?> FunnelLower95 = new("funnel_lower95");
    private static readonly DataField<double?> FunnelUpper95 = new("funnel_upper95");
    private static readonly DataField<double?> FunnelLower998 = new("funnel_lower998");
    private static readonly DataField<double?> FunnelUpper998 = new("funnel_upper998");
    private static readonly DataField<string> FunnelFlag95 = new("funnel_flag95");
    private static readonly DataField<string> FunnelFlag998 = new("funnel_flag998");

    private static readonly ParquetSchema Schema = new(
        RunId, IndicatorId, IndicatorVersion, Level, UnitId, PeriodStart, Numerator, Denominator, Value, CiLower, CiUpper,
        BelowMinimum, SuppressionName, SpcType, SpcRule, SpcMean, SpcLower, SpcUpper, Variation, AssuranceName,
        FunnelTarget, FunnelLower95, FunnelUpper95, FunnelLower998, FunnelUpper998, FunnelFlag95, FunnelFlag998);

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
    public void Append(IReadOnlyList<IndicatorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }

        using var group = writer.CreateRowGroup();
        WriteColumns(group, runId, results);
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
        if (rows > 0)
        {
            ComputeIndicators.Execute(connection, $"INSERT INTO {ComputeIndicators.ResultsTable} SELECT * FROM read_parquet($1)", Path);
        }
    }

    public void Dispose()
    {
        Complete();
        stream.Dispose();
    }

    private static void WriteColumns(ParquetRowGroupWriter group, string runId, IReadOnlyList<IndicatorResult> r)
    {
        var count = r.Count;
        void Texts(DataField<string> field, Func<IndicatorResult, string?> select)
        {
            var values = new string?[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = select(r[i]);
            }

            group.WriteAsync(field, values!, null).GetAwaiter().GetResult();
        }

        void Values<T>(DataField<T> field, Func<IndicatorResult, T> select)
            where T : struct
        {
            var values = new T[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = select(r[i]);
            }

            group.WriteAsync<T>(field, values.AsMemory()).GetAwaiter().GetResult();
        }

        void Optionals(DataField<double?> field, Func<IndicatorResult, double?> select)
        {
            var values = new double?[count];
            for (var i = 0; i < count; i++)
            {
                values[i] = select(r[i]);
            }

            group.WriteAsync<double>(field, values.AsMemory()).GetAwaiter().GetResult();
        }

        Texts(RunId, _ => runId);
        Texts(IndicatorId, x => x.IndicatorId);
        Texts(IndicatorVersion, x => x.IndicatorVersion);
        Texts(Level, x => EnumNames.Of(x.Level));
        Texts(UnitId, x => x.Unit);
        Values(PeriodStart, x => x.PeriodStart);
        Values(Numerator, x => x.Numerator);
        Values(Denominator, x => x.Denominator);
        Optionals(Value, x => x.Value);
        Optionals(CiLower, x => x.CiLower);
        Optionals(CiUpper, x => x.CiUpper);
        Values(BelowMinimum, x => x.BelowMinimum);
        Texts(SuppressionName, x => EnumNames.Of(x.Suppression));
        Texts(SpcType, x => x.SpcType is { } t ? EnumNames.Of(t) : null);
        Texts(SpcRule, x => x.SpcRule is { } rule ? EnumNames.Of(rule) : null);
        Optionals(SpcMean, x => x.SpcMean);
        Optionals(SpcLower, x => x.SpcLower);
        Optionals(SpcUpper, x => x.SpcUpper);
        Texts(Variation, x => x.Variation is { } v ? EnumNames.Of(v) : null);
        Texts(AssuranceName, x => x.Assurance is { } a ? EnumNames.Of(a) : null);
        Optionals(FunnelTarget, x => x.FunnelTarget);
        Optionals(FunnelLower95, x => x.FunnelLimits?.Lower95);
        Optionals(FunnelUpper95, x => x.FunnelLimits?.Upper95);
        Optionals(FunnelLower998, x => x.FunnelLimits?.Lower998);
        Optionals(FunnelUpper998, x => x.FunnelLimits?.Upper998);
        Texts(FunnelFlag95, x => x.FunnelFlag95 is { } f ? EnumNames.Of(f) : null);
        Texts(FunnelFlag998, x => x.FunnelFlag998 is { } f ? EnumNames.Of(f) : null);
    }

    /// <summary>The stored (snake_case) name of each enum value, worked out once per value rather than once per row.</summary>
    private static class EnumNames
    {
        public static string Of<T>(T value)
            where T : struct, Enum => Cache<T>.Names[value];

        private static class Cache<T>
            where T : struct, Enum
        {
            public static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => IndicatorStatistics.Name(v));
        }
    }
}
