using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace LearningHealth.Fhir;

/// <summary>
/// Imports FHIR R4 resources from Bulk Data NDJSON files (also gzipped) and Bundles into the analytics store.
/// Reading streams; bad lines go to the quarantine file and the rest is imported. Each batch is one transaction that
/// also records how far its file has been read, so an import stopped at any point re-runs without duplicates or loss:
/// finished files are skipped and a partial file restarts after its last committed batch. A resource is stored once
/// per type and id; a newer version (later <c>meta.lastUpdated</c>, or the same or none from later in the import
/// order) replaces an older one. Conditional references are resolved through the identifier index after each import.
/// </summary>
public sealed class FhirImporter(string dataDirectory, TimeProvider? timeProvider = null)
{
    private const string NoLastUpdated = "0000-00-00T00:00:00.0000000";
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    /// <summary>The files an import of <paramref name="paths"/> reads: files as given, folders' FHIR files in name order.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                // Resources that others reference by identifier come first, so conditional references resolve as they
                // are read; then everything else in name order.
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => FormatOf(file) is not null)
                    .Select(Path.GetFullPath)
                    .OrderBy(ReferenceTargetRank)
                    .ThenBy(file => file, StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                if (FormatOf(path) is null)
                {
                    throw new ArgumentException($"{path}: not a FHIR file (expected .ndjson, .jsonl, .json or the same with .gz).");
                }

                files.Add(Path.GetFullPath(path));
            }
            else
            {
                throw new FileNotFoundException($"{path}: no such file or folder.", path);
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static readonly string[] ReferenceTargets = ["Organization", "Location", "Practitioner", "Patient"];

    private static int ReferenceTargetRank(string path)
    {
        var name = Path.GetFileName(path);
        for (var i = 0; i < ReferenceTargets.Length; i++)
        {
            if (name.StartsWith(ReferenceTargets[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return ReferenceTargets.Length;
    }

    private enum FileFormat
    {
        Ndjson,
        Json,
    }

    private static FileFormat? FormatOf(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        if (name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return FileFormat.Ndjson;
        }

        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FileFormat.Json : null;
    }

    /// <summary>Imports the files and folders in order. Cancelling stops before the next commit; a re-run resumes.</summary>
    public ImportSummary Import(
        IEnumerable<string> paths,
        ImportOptions? options = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ImportOptions();
        var files = ExpandPaths(paths);
        var stopwatch = Stopwatch.StartNew();
        using var connection = AnalyticsStore.Open(dataDirectory);
        var quarantinePath = Path.Combine(dataDirectory, AnalyticsStore.QuarantineFileName);
        var run = new Run(this, connection, options, files, progress, cancellationToken, quarantinePath);
        try
        {
            for (var index = 0; index < files.Count; index++)
            {
                run.ImportFile(index);
            }
        }
        finally
        {
            run.Dispose();
        }

        var (resolved, unresolved) = ConditionalReferences.ResolveAll(connection, cancellationToken);
        AnalyticsStore.Execute(connection, "CHECKPOINT");
        return new ImportSummary(
            run.Results,
            run.ByType.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(),
            run.Written,
            run.Unchanged,
            run.Quarantined,
            run.ResolvedOnImport + resolved,
            unresolved,
            quarantinePath,
            stopwatch.Elapsed);
    }

    private sealed record Pending(string Type, string Id, string VersionKey, DateTime? LastUpdated, string Json);

    private sealed class Run : IDisposable
    {
        private readonly FhirImporter importer;
        private readonly DuckDBConnection connection;
        private readonly ImportOptions options;
        private readonly IReadOnlyList<string> files;
        private readonly IProgress<ImportProgress>? progress;
        private readonly CancellationToken cancellationToken;
        private readonly FileStream quarantine;
        private readonly long runNumber;
        private readonly long bytesTotal;
        private readonly Dictionary<(string Type, string Id), Pending> batch = [];
        private readonly Dictionary<(string Type, string System, string Value), (string Id, string VersionKey)> batchIdentifiers = [];
        private readonly List<byte[]> batchQuarantine = [];
        private readonly HashSet<(string Type, string Id)> batchUnresolved = [];
        private readonly ConditionalReferences.IdentifierLookup lookup;
        private long bytesBefore;
        private long resourcesRead;
        private int batches;
        private int linesInBatch;

        public Run(FhirImporter importer, DuckDBConnection connection, ImportOptions options, IReadOnlyList<string> files,
            IProgress<ImportProgress>? progress, CancellationToken cancellationToken, string quarantinePath)
        {
            this.importer = importer;
            this.connection = connection;
            this.options = options;
            this.files = files;
            this.progress = progress;
            this.cancellationToken = cancellationToken;
            lookup = new ConditionalReferences.IdentifierLookup(connection)
            {
                Pending = (type, system, value) => batchIdentifiers.TryGetValue((type, system, value), out var pending) ? pending.Id : null,
            };
            bytesTotal = files.Sum(file => new FileInfo(file).Length);
            AnalyticsStore.Execute(connection, """
                CREATE TEMP TABLE IF NOT EXISTS staging (resource_type VARCHAR, id VARCHAR, version_key VARCHAR, last_updated TIMESTAMP, source_file VARCHAR, json VARCHAR);
                CREATE TEMP TABLE IF NOT EXISTS staging_identifiers (resource_type VARCHAR, system VARCHAR, value VARCHAR, id VARCHAR, version_key VARCHAR);
                CREATE TEMP TABLE IF NOT EXISTS staging_unresolved (resource_type VARCHAR, id VARCHAR);
                INSERT INTO import_state VALUES ('run', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1;
                """);
            // A checkpoint rewrites the primary key indexes; after every batch that would make an import quadratic. The
            // write-ahead log keeps each committed batch durable; the import checkpoints once at the end.
            AnalyticsStore.Execute(connection, "SET checkpoint_threshold = '4GB'");
            runNumber = AnalyticsStore.Scalar<long>(connection, "SELECT value FROM import_state WHERE key = 'run'");

            // Records written after the last commit of an interrupted import belong to batches that were not
            // committed and will be read again: cut them off so nothing is quarantined twice.
            var committedLength = AnalyticsStore.Scalar<long>(connection, "SELECT value FROM import_state WHERE key = 'quarantine_length'");
            quarantine = new FileStream(quarantinePath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            quarantine.SetLength(Math.Min(quarantine.Length, committedLength));
            quarantine.Seek(0, SeekOrigin.End);
        }

        public List<ImportedFile> Results { get; } = [];

        public Dictionary<string, long> ByType { get; } = new(StringComparer.Ordinal);

        public long Written { get; private set; }

        public long Unchanged { get; private set; }

        public long Quarantined { get; private set; }

        public long ResolvedOnImport { get; private set; }

        public void Dispose() => quarantine.Dispose();

        public void ImportFile(int fileIndex)
        {
            var path = files[fileIndex];
            var info = new FileInfo(path);
            var mtime = info.LastWriteTimeUtc;
            var (knownSize, knownMtime, committedLine, finished) = ReadProgress(path);
            var same = knownSize == info.Length && knownMtime == TruncateToMicroseconds(mtime);
            if (same && finished)
            {
                Results.Add(new ImportedFile(path, "skipped", 0, 0, null));
                bytesBefore += info.Length;
                return;
            }

            var resumeAfter = same ? committedLine : 0;
            var fileResources = 0L;
            var fileQuarantined = 0L;
            string? error = null;
            var lastLine = resumeAfter;
            var countedResources = resourcesRead;
            var countedQuarantine = Quarantined;

            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, NdjsonLineReader.FileBufferSize(path)))
            {
                Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(file) : file;
                try
                {
                    IEnumerable<(ReadOnlyMemory<byte> Bytes, long Number, string? Problem)> items = FormatOf(path) == FileFormat.Ndjson
                        ? NdjsonItems(stream)
                        : BundleItems(stream);
                    using var enumerator = items.GetEnumerator();
                    while (true)
                    {
                        try
                        {
                            if (!enumerator.MoveNext())
                            {
                                break;
                            }
                        }
                        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
                        {
                            error = $"the file is truncated or corrupt after line {lastLine}: {e.Message}";
                            Quarantine(path, lastLine + 1, error, ReadOnlySpan<byte>.Empty);
                            break;
                        }

                        var (bytes, number, problem) = enumerator.Current;
                        lastLine = number;
                        if (number <= resumeAfter)
                        {
                            continue;
                        }

                        if (problem is not null)
                        {
                            Quarantine(path, number, problem, bytes.Span);
                        }
                        else
                        {
                            Accept(path, fileIndex, number, bytes);
                        }

                        if (++linesInBatch >= options.BatchSize)
                        {
                            Commit(path, info.Length, mtime, number, finished: false, null);
                            Report(path, fileIndex, file.Position);
                        }
                    }
                }
                finally
                {
                    stream.Dispose();
                }
            }

            Commit(path, info.Length, mtime, lastLine, finished: true, error);
            bytesBefore += info.Length;
            fileResources = resourcesRead - countedResources;
            fileQuarantined = Quarantined - countedQuarantine;
            Report(path, fileIndex, 0);
            var status = error is not null ? "failed" : resumeAfter > 0 ? "resumed" : "imported";
            Results.Add(new ImportedFile(path, status, fileResources, fileQuarantined, error));
        }

        private void Report(string path, int fileIndex, long position) =>
            progress?.Report(new ImportProgress(path, fileIndex, files.Count, bytesBefore + position, bytesTotal, resourcesRead, batches));

        private IEnumerable<(ReadOnlyMemory<byte> Bytes, long Number, string? Problem)> NdjsonItems(Stream stream)
        {
            foreach (var line in NdjsonLineReader.Read(stream, options.MaxLineBytes))
            {
                yield return line.TooLong
                    ? (line.Bytes, line.Number, $"the line is {line.Length:N0} bytes, over the limit of {options.MaxLineBytes:N0}")
                    : (line.Bytes, line.Number, null);
            }
        }

        private static IEnumerable<(ReadOnlyMemory<byte> Bytes, long Number, string? Problem)> BundleItems(Stream stream) =>
            BundleReader.Read(stream);

        private void Accept(string path, int fileIndex, long number, ReadOnlyMemory<byte> bytes)
        {
            // JsonDocument checks the UTF-8 of strings only when they are read, which would throw in the middle of an
            // import; and a resource stored with replacement characters would not be the resource that was sent.
            if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
            {
                Quarantine(path, number, "not valid UTF-8", bytes.Span);
                return;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e)
            {
                Quarantine(path, number, $"invalid JSON: {e.Message}", bytes.Span);
                return;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    Quarantine(path, number, "not a JSON object", bytes.Span);
                    return;
                }

                if (!root.TryGetProperty("resourceType", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                {
                    Quarantine(path, number, "no resourceType", bytes.Span);
                    return;
                }

                var type = typeElement.GetString()!;
                if (!R4ResourceTypes.Contains(type))
                {
                    Quarantine(path, number, $"'{Shorten(type)}' is not an R4 resource type", bytes.Span);
                    return;
                }

                if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                    || idElement.GetString() is not { Length: > 0 } id)
                {
                    Quarantine(path, number, "no id", bytes.Span);
                    return;
                }

                if (!IsValidId(id))
                {
                    Quarantine(path, number, $"id '{Shorten(id)}' is not a FHIR id (1 to 64 letters, digits, '-' or '.')", bytes.Span);
                    return;
                }

                DateTime? lastUpdated = null;
                if (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object
                    && meta.TryGetProperty("lastUpdated", out var updated) && updated.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(updated.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                {
                    lastUpdated = instant.UtcDateTime;
                }

                var versionKey = string.Create(CultureInfo.InvariantCulture,
                    $"{(lastUpdated is { } u ? u.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture) : NoLastUpdated)}|{runNumber:D10}|{fileIndex:D6}|{number:D12}");
                var key = (type, id);
                if (batch.TryGetValue(key, out var earlier) && string.CompareOrdinal(earlier.VersionKey, versionKey) > 0)
                {
                    Unchanged++;
                }
                else
                {
                    if (earlier is not null)
                    {
                        Unchanged++;
                    }

                    var json = Encoding.UTF8.GetString(bytes.Span);
                    if (json.Contains("?identifier=", StringComparison.Ordinal))
                    {
                        int resolved = 0, unresolved = 0;
                        json = ConditionalReferences.Rewrite(json, lookup.Find, ref resolved, ref unresolved);
                        ResolvedOnImport += resolved;
                        if (unresolved > 0)
                        {
                            batchUnresolved.Add(key);
                        }
                        else
                        {
                            batchUnresolved.Remove(key);
                        }
                    }

                    batch[key] = new Pending(type, id, versionKey, lastUpdated, json);
                    foreach (var (system, value) in ConditionalReferences.Identifiers(root))
                    {
                        batchIdentifiers[(type, system, value)] = (id, versionKey);
                    }
                }

                ByType[type] = ByType.GetValueOrDefault(type) + 1;
                resourcesRead++;
            }
        }

        private static bool IsValidId(string id)
        {
            if (id.Length > 64)
            {
                return false;
            }

            foreach (var c in id)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

        private void Quarantine(string path, long number, string reason, ReadOnlySpan<byte> raw)
        {
            var limit = options.QuarantineRawLimit;
            var rawText = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, limit * 4)]);
            var truncated = rawText.Length > limit || raw.Length > limit * 4;
            if (rawText.Length > limit)
            {
                rawText = rawText[..limit];
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("file", path);
                writer.WriteNumber("line", number);
                writer.WriteString("reason", reason);
                writer.WriteString("raw", rawText);
                writer.WriteBoolean("truncated", truncated);
                writer.WriteString("at", importer.clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            batchQuarantine.Add(buffer.ToArray());
            Quarantined++;
        }

        private (long Size, DateTime Mtime, long CommittedLine, bool Finished) ReadProgress(string path)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT size, mtime, committed_line, finished FROM import_progress WHERE path = $1";
            command.Parameters.Add(new DuckDBParameter(path));
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? (reader.GetInt64(0), reader.GetDateTime(1), reader.GetInt64(2), reader.GetBoolean(3))
                : (-1, DateTime.MinValue, 0, false);
        }

        private static DateTime TruncateToMicroseconds(DateTime time) => new(time.Ticks - (time.Ticks % 10), DateTimeKind.Unspecified);

        /// <summary>Writes the batch, the file's progress and the quarantine records as one unit.</summary>
        private void Commit(string path, long size, DateTime mtime, long line, bool finished, string? error)
        {
            // Stopping here loses only the uncommitted batch, which a re-run reads again.
            cancellationToken.ThrowIfCancellationRequested();
            AnalyticsStore.Execute(connection, "DELETE FROM staging; DELETE FROM staging_identifiers; DELETE FROM staging_unresolved;");
            if (batch.Count > 0)
            {
                using (var appender = connection.CreateAppender("temp", "main", "staging"))
                {
                    foreach (var pending in batch.Values)
                    {
                        var row = appender.CreateRow()
                            .AppendValue(pending.Type)
                            .AppendValue(pending.Id)
                            .AppendValue(pending.VersionKey);
                        (pending.LastUpdated is { } updated ? row.AppendValue(updated) : row.AppendNullValue())
                            .AppendValue(path)
                            .AppendValue(pending.Json)
                            .EndRow();
                    }
                }

                using (var appender = connection.CreateAppender("temp", "main", "staging_unresolved"))
                {
                    foreach (var (type, id) in batchUnresolved)
                    {
                        appender.CreateRow().AppendValue(type).AppendValue(id).EndRow();
                    }
                }

                using (var appender = connection.CreateAppender("temp", "main", "staging_identifiers"))
                {
                    foreach (var ((type, system, value), (id, versionKey)) in batchIdentifiers)
                    {
                        appender.CreateRow().AppendValue(type).AppendValue(system).AppendValue(value).AppendValue(id).AppendValue(versionKey).EndRow();
                    }
                }
            }

            foreach (var record in batchQuarantine)
            {
                quarantine.Write(record);
            }

            quarantine.Flush(flushToDisk: true);
            using (var transaction = connection.BeginTransaction())
            {
                if (batch.Count > 0)
                {
                    var written = AnalyticsStore.Execute(connection, """
                        INSERT INTO resources SELECT resource_type, id, version_key, last_updated, source_file, json FROM temp.staging
                        ON CONFLICT (resource_type, id) DO UPDATE SET version_key = excluded.version_key,
                            last_updated = excluded.last_updated, source_file = excluded.source_file, json = excluded.json
                        WHERE excluded.version_key > version_key
                        """);
                    Written += written;
                    Unchanged += batch.Count - written;
                    AnalyticsStore.Execute(connection, """
                        INSERT INTO identifiers
                        SELECT s.resource_type, s.system, s.value, s.id FROM temp.staging_identifiers s
                        JOIN resources r ON r.resource_type = s.resource_type AND r.id = s.id AND r.version_key = s.version_key
                        ON CONFLICT (resource_type, system, value) DO UPDATE SET id = excluded.id
                        """);
                    if (batchUnresolved.Count > 0)
                    {
                        AnalyticsStore.Execute(connection, "INSERT INTO unresolved_references SELECT DISTINCT resource_type, id FROM temp.staging_unresolved ON CONFLICT DO NOTHING");
                    }
                }

                AnalyticsStore.Execute(connection, """
                    INSERT INTO import_progress VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, committed_line = excluded.committed_line,
                        finished = excluded.finished, error = excluded.error, updated_at = excluded.updated_at
                    """, path, size, TruncateToMicroseconds(mtime), line, finished, error, importer.clock.GetUtcNow().UtcDateTime);
                AnalyticsStore.Execute(connection,
                    "INSERT INTO import_state VALUES ('quarantine_length', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    quarantine.Length);
                transaction.Commit();
            }

            batches++;
            if (batchIdentifiers.Count > 0)
            {
                lookup.Clear();
            }

            batch.Clear();
            batchIdentifiers.Clear();
            batchQuarantine.Clear();
            batchUnresolved.Clear();
            linesInBatch = 0;
        }
    }
}
