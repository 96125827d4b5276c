using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DuckDB.NET.Data;
using LearningHealth.SqlOnFhir;
using Parquet;
using Parquet.Schema;

namespace LearningHealth.Fhir;

/// <summary>Where the rows of a view go, a row group at a time, in order.</summary>
public interface IRowBatchWriter : IDisposable
{
    /// <summary>Writes one row group: the rows of the batches, batch after batch (a Parquet row group for Parquet).</summary>
    void Write(IReadOnlyList<RowBatch> rowGroup);

    /// <summary>Finishes the output (file footer, table swap).</summary>
    void Complete();
}

/// <summary>Writers for the output formats of <c>lhs view run</c> and the materialised tables.</summary>
public static class RowWriters
{
    /// <summary>A writer for the file's extension: .parquet, .csv or .ndjson.</summary>
    public static IRowBatchWriter ForFile(string path, IReadOnlyList<ViewColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".parquet" => new ParquetRowWriter(path, columns),
            ".csv" => new CsvRowWriter(path, columns),
            ".ndjson" or ".jsonl" => new NdjsonRowWriter(path, columns),
            _ => throw new ArgumentException($"{path}: unknown output format '{extension}' (use .parquet, .csv or .ndjson)."),
        };
    }

    /// <summary>A cell as text: strings as they are, numbers and Booleans invariantly, collections as a JSON array.</summary>
    internal static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        object?[] items => JsonArray(items),
        _ => value.ToString(),
    };

    private static string JsonArray(object?[] items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJsonValue(writer, items);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case decimal d: writer.WriteNumberValue(d); break;
            case double d: writer.WriteNumberValue(d); break;
            case object?[] items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJsonValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Text(value)); break;
        }
    }

    /// <summary>The DuckDB column type for a view column.</summary>
    internal static string DuckDbType(ViewColumn column) => column.IsCollection ? "VARCHAR" : column.ClrType switch
    {
        var t when t == typeof(bool) => "BOOLEAN",
        var t when t == typeof(int) => "INTEGER",
        var t when t == typeof(long) => "BIGINT",
        var t when t == typeof(decimal) => "DOUBLE",
        _ => "VARCHAR",
    };

    private sealed class ParquetRowWriter : IRowBatchWriter
    {
        private readonly FileStream file;
        private readonly ParquetWriter writer;
        private readonly DataField[] fields;
        private readonly Type[] types;
        private ReadOnlyMemory<char>?[] text = [];
        private bool completed;

        public ParquetRowWriter(string path, IReadOnlyList<ViewColumn> columns)
        {
            types = columns.Select(c => c.IsCollection || c.ClrType == typeof(object) ? typeof(string) : c.ClrType).ToArray();
            fields = columns.Select((c, i) => types[i] switch
            {
                var t when t == typeof(bool) => (DataField)new DataField<bool?>(c.Name),
                var t when t == typeof(int) => new DataField<int?>(c.Name),
                var t when t == typeof(long) => new DataField<long?>(c.Name),
                var t when t == typeof(decimal) => new DataField<decimal?>(c.Name),
                _ => new DataField<string>(c.Name),
            }).ToArray();
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), file).GetAwaiter().GetResult();
        }

        public void Write(IReadOnlyList<RowBatch> rowGroup)
        {
            var count = rowGroup.Sum(b => b.Count);
            if (count == 0)
            {
                return;
            }

            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                var written = types[i] switch
                {
                    var t when t == typeof(bool) => group.WriteAsync<bool>(fields[i], Typed<bool>(rowGroup, count, i)),
                    var t when t == typeof(int) => group.WriteAsync<int>(fields[i], Typed<int>(rowGroup, count, i)),
                    var t when t == typeof(long) => group.WriteAsync<long>(fields[i], Typed<long>(rowGroup, count, i)),
                    var t when t == typeof(decimal) => group.WriteAsync<decimal>(fields[i], Typed<decimal>(rowGroup, count, i)),
                    _ => group.WriteAsync<ReadOnlyMemory<char>>(fields[i], Strings(rowGroup, count, i), null, null, CancellationToken.None),
                };
                written.GetAwaiter().GetResult();
            }
        }

        private static T?[] Typed<T>(IReadOnlyList<RowBatch> rowGroup, int count, int column)
            where T : struct
        {
            var values = new T?[count];
            var at = 0;
            foreach (var batch in rowGroup)
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    values[at++] = batch.Value(column, row) switch
                    {
                        null => null,
                        T value => value,
                        var other => (T)Convert.ChangeType(other, typeof(T), CultureInfo.InvariantCulture),
                    };
                }
            }

            return values;
        }

        /// <summary>
        /// A column's cells as text, in a buffer reused from row group to row group; text cells point into the batches,
        /// which are not cleared until Parquet.Net has encoded them.
        /// </summary>
        private ReadOnlyMemory<ReadOnlyMemory<char>?> Strings(IReadOnlyList<RowBatch> rowGroup, int count, int column)
        {
            if (text.Length < count)
            {
                text = new ReadOnlyMemory<char>?[count];
            }

            var at = 0;
            foreach (var batch in rowGroup)
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    text[at++] = batch.TryGetText(column, row, out var characters) ? characters
                        : batch.Value(column, row) is { } other ? Text(other).AsMemory()
                        : null;
                }
            }

            return text.AsMemory(0, count);
        }

        public void Complete()
        {
            if (!completed)
            {
                completed = true;
                writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        public void Dispose()
        {
            Complete();
            file.Dispose();
        }
    }

    private sealed class CsvRowWriter : IRowBatchWriter
    {
        private readonly StreamWriter writer;
        private readonly int columnCount;

        public CsvRowWriter(string path, IReadOnlyList<ViewColumn> columns)
        {
            writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\r\n" };
            columnCount = columns.Count;
            writer.WriteLine(string.Join(',', columns.Select(c => Quote(c.Name))));
        }

        public void Write(IReadOnlyList<RowBatch> rowGroup)
        {
            foreach (var batch in rowGroup)
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    for (var i = 0; i < columnCount; i++)
                    {
                        if (i > 0)
                        {
                            writer.Write(',');
                        }

                        if (Text(batch.Value(i, row)) is { } text)
                        {
                            writer.Write(Quote(text));
                        }
                    }

                    writer.WriteLine();
                }
            }
        }

        private static string Quote(string text) =>
            text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

        public void Complete() => writer.Flush();

        public void Dispose() => writer.Dispose();
    }

    private sealed class NdjsonRowWriter : IRowBatchWriter
    {
        private readonly FileStream file;
        private readonly Utf8JsonWriter writer;
        private readonly JsonEncodedText[] names;

        public NdjsonRowWriter(string path, IReadOnlyList<ViewColumn> columns)
        {
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            writer = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            names = columns.Select(c => JsonEncodedText.Encode(c.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();
        }

        public void Write(IReadOnlyList<RowBatch> rowGroup)
        {
            foreach (var batch in rowGroup)
            {
                for (var row = 0; row < batch.Count; row++)
                {
                    WriteRow(batch, row);
                }
            }
        }

        private void WriteRow(RowBatch batch, int row)
        {
            writer.WriteStartObject();
            for (var i = 0; i < names.Length; i++)
            {
                writer.WritePropertyName(names[i]);
                if (batch.TryGetText(i, row, out var text))
                {
                    writer.WriteStringValue(text.Span);
                }
                else
                {
                    WriteJsonValue(writer, batch.Value(i, row));
                }
            }

            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            file.WriteByte((byte)'\n');
        }

        public void Complete() => writer.Flush();

        public void Dispose()
        {
            writer.Dispose();
            file.Dispose();
        }
    }
}

/// <summary>
/// Writes a view's rows into a DuckDB table of the analytics store: into a fresh table first, which replaces the old one
/// (and its entry in <c>materialised_views</c>) in one transaction when complete, so readers never see half a view.
/// </summary>
public sealed class DuckDbTableWriter : IRowBatchWriter
{
    private readonly DuckDBConnection connection;
    private readonly string table;
    private readonly string staging;
    private readonly IReadOnlyList<ViewColumn> columns;
    private readonly string resource;
    private readonly string definition;
    private readonly TimeProvider clock;
    private long rows;

    public DuckDbTableWriter(DuckDBConnection connection, string table, string resource, string definition, IReadOnlyList<ViewColumn> columns, TimeProvider? clock = null)
    {
        this.clock = clock ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(columns);
        this.connection = connection;
        this.table = table;
        this.columns = columns;
        this.resource = resource;
        this.definition = definition;
        staging = table + "__loading";
        AnalyticsStore.Execute(connection, $"DROP TABLE IF EXISTS {AnalyticsStore.Quote(staging)}; CREATE TABLE {AnalyticsStore.Quote(staging)} ("
            + string.Join(", ", columns.Select(c => $"{AnalyticsStore.Quote(c.Name)} {RowWriters.DuckDbType(c)}")) + ")");
    }

    public void Write(IReadOnlyList<RowBatch> rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        using var appender = connection.CreateAppender(staging);
        foreach (var batch in rowGroup)
        {
            for (var row = 0; row < batch.Count; row++)
            {
                var target = appender.CreateRow();
                for (var i = 0; i < columns.Count; i++)
                {
                    var cell = batch.Value(i, row);
                    target = cell switch
                    {
                        null => target.AppendNullValue(),
                        _ when columns[i].IsCollection => target.AppendValue(RowWriters.Text(cell)),
                        bool b when RowWriters.DuckDbType(columns[i]) == "BOOLEAN" => target.AppendValue(b),
                        int n when RowWriters.DuckDbType(columns[i]) == "INTEGER" => target.AppendValue(n),
                        long n when RowWriters.DuckDbType(columns[i]) == "BIGINT" => target.AppendValue(n),
                        decimal d when RowWriters.DuckDbType(columns[i]) == "DOUBLE" => target.AppendValue((double)d),
                        _ when RowWriters.DuckDbType(columns[i]) == "VARCHAR" => target.AppendValue(RowWriters.Text(cell)),
                        _ => target.AppendNullValue(),
                    };
                }

                target.EndRow();
            }

            rows += batch.Count;
        }
    }

    public void Complete()
    {
        using var transaction = connection.BeginTransaction();
        AnalyticsStore.Execute(connection, $"DROP TABLE IF EXISTS {AnalyticsStore.Quote(table)}");
        AnalyticsStore.Execute(connection, $"ALTER TABLE {AnalyticsStore.Quote(staging)} RENAME TO {AnalyticsStore.Quote(table)}");
        AnalyticsStore.Execute(connection, """
            INSERT INTO materialised_views VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (name) DO UPDATE SET table_name = excluded.table_name, resource = excluded.resource,
                definition = excluded.definition, row_count = excluded.row_count, materialised_at = excluded.materialised_at
            """, table, table, resource, definition, rows, clock.GetUtcNow().UtcDateTime);
        transaction.Commit();
    }

    public void Dispose() => AnalyticsStore.Execute(connection, $"DROP TABLE IF EXISTS {AnalyticsStore.Quote(staging)}");
}
