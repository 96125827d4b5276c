using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;

namespace LearningHealth.Fhir;

/// <summary>
/// The identifier index for running a view over NDJSON files without importing them, so that conditional references
/// (<c>Practitioner?identifier=system|value</c>) resolve as they do in imported data. Built in memory by a first pass
/// over the files: which types the view's resources point at by identifier, then the identifiers of the resources of
/// those types in the files. References are then rewritten with <see cref="ConditionalReferences.Rewrite"/>, as the
/// importer does, so the rows are the same as a view over the imported files gives.
/// </summary>
public sealed class FileIdentifierIndex
{
    private const int MaxLineBytes = 64 * 1024 * 1024;

    private readonly Dictionary<(string Type, string System, string Value), string> ids = [];
    private readonly string resourceType;
    private readonly HashSet<string> targetTypes;

    private FileIdentifierIndex(string resourceType, HashSet<string> targetTypes)
    {
        this.resourceType = resourceType;
        this.targetTypes = targetTypes;
    }

    /// <summary>The resource types the view's resources point at by conditional reference.</summary>
    public IReadOnlyCollection<string> TargetTypes => targetTypes;

    /// <summary>How many identifiers the index holds.</summary>
    public int Count => ids.Count;

    /// <summary>How many conditional references the view's resources in the files hold.</summary>
    public long References { get; private set; }

    /// <summary>
    /// Reads the files for the conditional references in resources of <paramref name="resourceType"/> and the
    /// identifiers of the resources they point at; null when those resources hold no conditional references. With
    /// several <paramref name="threads"/>, the first pass scans blocks of the files on each.
    /// </summary>
    public static FileIdentifierIndex? Build(
        IReadOnlyList<string> files, string resourceType, CancellationToken cancellationToken = default, int threads = 1, int blockBytes = ViewRunner.DefaultBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(resourceType);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);

        // Pass 1: the types in each file, and the types that conditional references of the view's resources point at.
        var (typesByFile, targets, references) = ScanTypes(files, resourceType, threads, blockBytes, cancellationToken);
        var names = new TypeNames();

        if (targets.Count == 0)
        {
            return null;
        }

        // Pass 2: the identifiers of the resources of those types, from the files that hold any.
        var index = new FileIdentifierIndex(resourceType, targets) { References = references };
        for (var i = 0; i < files.Count; i++)
        {
            if (!typesByFile.TryGetValue(files[i], out var types) || !types.Overlaps(targets))
            {
                continue;
            }

            foreach (var line in Lines(files[i], cancellationToken))
            {
                if (line.Span.IndexOf("\"identifier\""u8) < 0 || ResourceTypeOf(line.Span, names) is not { } type || !targets.Contains(type))
                {
                    continue;
                }

                index.Add(type, line);
            }
        }

        return index;
    }

    /// <summary>
    /// The first pass: the resource types in each file (by path) and, in resources of <paramref name="resourceType"/>,
    /// the types conditional references point at, with how many references there are. Files are read in blocks of whole
    /// lines, one block at a time, and scanned on up to <paramref name="threads"/> threads; the results are sets and a
    /// count, so the order blocks are scanned in does not matter.
    /// </summary>
    private static (Dictionary<string, HashSet<string>> TypesByFile, HashSet<string> Targets, long References) ScanTypes(
        IReadOnlyList<string> files, string resourceType, int threads, int blockBytes, CancellationToken cancellationToken)
    {
        var typesByFile = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        var references = 0L;
        var merge = new Lock();
        try
        {
            Parallel.ForEach(
                Partitioner.Create(ViewRunner.FileBlocks(files, blockBytes), EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken },
                () => new BlockScan(resourceType),
                (block, _, scan) =>
                {
                    try
                    {
                        scan.Scan(block);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(block.Data);
                    }

                    return scan;
                },
                scan =>
                {
                    lock (merge)
                    {
                        foreach (var (path, types) in scan.TypesByFile)
                        {
                            if (!typesByFile.TryAdd(path, types))
                            {
                                typesByFile[path].UnionWith(types);
                            }
                        }

                        targets.UnionWith(scan.Targets);
                        references += scan.References;
                    }
                });
        }
        catch (AggregateException e)
        {
            // One failure (a damaged file, say) stops the scan; its own exception, which names the file, is what callers see.
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return (typesByFile, targets, references);
    }

    /// <summary>What one thread of the first pass found in the blocks it scanned.</summary>
    private sealed class BlockScan(string resourceType)
    {
        private readonly TypeNames names = new();

        public Dictionary<string, HashSet<string>> TypesByFile { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Targets { get; } = new(StringComparer.Ordinal);

        public long References { get; private set; }

        public void Scan(ViewBlock block)
        {
            if (!TypesByFile.TryGetValue(block.Source, out var types))
            {
                TypesByFile[block.Source] = types = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var (text, _) in block.Lines())
            {
                var line = text.Span;
                if (line.IsEmpty || line.Length > MaxLineBytes || ResourceTypeOf(line, names) is not { } type)
                {
                    continue;
                }

                types.Add(type);
                if (type == resourceType && line.IndexOf("?identifier="u8) >= 0)
                {
                    References += ConditionalReferences.AddTargetTypes(line, Targets);
                }
            }
        }
    }

    /// <summary>The id of the resource of <paramref name="type"/> holding the identifier, or null.</summary>
    public string? Find(string type, string system, string value) => ids.GetValueOrDefault((type, system, value));

    /// <summary>
    /// One line with the conditional references this index knows rewritten, when it is a resource of the view's type
    /// holding any; otherwise the line as it is. Counts what it resolved and what it could not. Safe on several threads.
    /// </summary>
    public ReadOnlyMemory<byte> Resolve(ReadOnlyMemory<byte> line, ref int resolved, ref int unresolved)
    {
        if (line.Span.IndexOf("?identifier="u8) < 0 || ResourceTypeOf(line.Span) != resourceType)
        {
            return line;
        }

        var done = 0;
        var json = ConditionalReferences.Rewrite(Encoding.UTF8.GetString(line.Span), Find, ref done, ref unresolved);
        resolved += done;
        return done == 0 ? line : Encoding.UTF8.GetBytes(json);
    }

    private void Add(string type, ReadOnlyMemory<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return; // The view run counts and reports lines that are not valid JSON.
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { Length: > 0 } id)
            {
                return;
            }

            // As in the store, where a later resource with the same identifier takes its place in the index.
            foreach (var (system, value) in ConditionalReferences.Identifiers(root))
            {
                ids[(type, system, value)] = id;
            }
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Lines(string path, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, NdjsonLineReader.FileBufferSize(path));
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(file) : file;
        var count = 0;
        using var lines = NdjsonLineReader.Read(stream, MaxLineBytes).GetEnumerator();
        while (true)
        {
            try
            {
                if (!lines.MoveNext())
                {
                    break;
                }
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}");
            }

            var line = lines.Current;
            if (++count % 10_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!line.TooLong)
            {
                yield return line.Bytes;
            }
        }
    }

    /// <summary>
    /// The top-level <c>resourceType</c> of a line of JSON (usually its first property, so this reads little), or null.
    /// With <paramref name="names"/>, a type met before is returned as the same string instead of a new one: the first
    /// pass reads the type of every line of files of millions of lines.
    /// </summary>
    internal static string? ResourceTypeOf(ReadOnlySpan<byte> json, TypeNames? names = null)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("resourceType"u8);
                reader.Read();
                if (isType)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return null;
                    }

                    return names is not null && !reader.ValueIsEscaped ? names.Get(reader.ValueSpan) : reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>Resource type names met so far, found by their UTF-8 bytes; one reader at a time.</summary>
    internal sealed class TypeNames
    {
        private readonly List<(byte[] Utf8, string Name)> known = [];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            foreach (var (bytes, name) in known)
            {
                if (utf8.SequenceEqual(bytes))
                {
                    return name;
                }
            }

            var added = Encoding.UTF8.GetString(utf8);
            if (known.Count < 256)
            {
                known.Add((utf8.ToArray(), added));
            }

            return added;
        }
    }
}
