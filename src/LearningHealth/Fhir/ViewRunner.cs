using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using LearningHealth.SqlOnFhir;

namespace LearningHealth.Fhir;

/// <summary>
/// Whole lines of NDJSON, read from a file (or the store) into a pooled buffer, in read order.
/// <paramref name="Data"/> is rented from <see cref="ArrayPool{T}.Shared"/> and returned once evaluated.
/// </summary>
public sealed record ViewBlock(byte[] Data, int Length, string Source, long FirstLine)
{
    /// <summary>
    /// The block's lines with their line numbers, each trimmed as <see cref="NdjsonLineReader"/> trims a line (byte
    /// order mark, blanks, the CR of CRLF); blank lines come too, empty, so the numbers stay right.
    /// </summary>
    public BlockLines Lines() => new(Data.AsMemory(0, Length), FirstLine);
}

/// <summary>Enumerates the lines of a <see cref="ViewBlock"/> without allocating.</summary>
public struct BlockLines(ReadOnlyMemory<byte> data, long firstLine)
{
    private ReadOnlyMemory<byte> rest = data;
    private long next = firstLine;

    public (ReadOnlyMemory<byte> Text, long Number) Current { get; private set; }

    public readonly BlockLines GetEnumerator() => this;

    public bool MoveNext()
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        var end = rest.Span.IndexOf((byte)'\n');
        Current = (NdjsonLineReader.Trim(end < 0 ? rest : rest[..end]), next++);
        rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
        return true;
    }
}

/// <summary>What running a view produced.</summary>
/// <param name="ReferencesResolved">Conditional references resolved through a <see cref="FileIdentifierIndex"/>.</param>
/// <param name="ReferencesUnresolved">Conditional references whose target the index did not hold, left as they were.</param>
public sealed record ViewRunResult(
    long Resources, long Rows, long InvalidLines, string? FirstInvalid, TimeSpan Elapsed, long ReferencesResolved = 0, long ReferencesUnresolved = 0)
{
    public double ResourcesPerSecond => Resources / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Runs a compiled view over NDJSON read in blocks of whole lines, on one thread or several, handing the rows to an
/// <see cref="IRowBatchWriter"/> in input order. Blocks are evaluated in parallel but written in sequence, and row groups
/// close at block boundaries once they hold <c>rowGroupSize</c> rows or <c>rowGroupText</c> characters of text (so rows
/// with long text, narratives say, do not make a row group of gigabytes), so the output is the same for any number of
/// threads. With several threads each block's rows stay in the batch its worker filled: a row group is the list of its
/// blocks' batches, handed to the writer on its own thread while the next one fills, so neither the rows are copied
/// nor the workers wait for the encoding. At most two blocks per thread and 48 more, and two row groups, are in
/// memory, so memory stays flat for any input size. Given a <see cref="FileIdentifierIndex"/>, conditional references
/// in the view's resources are resolved before evaluation.
/// </summary>
public static class ViewRunner
{
    public const int DefaultBlockBytes = 1 << 20;
    public const int DefaultRowGroupSize = 100_000;

    /// <summary>Characters of text after which a row group closes: 64 MB as UTF-16, about 35 KB a row at 100,000 rows.</summary>
    public const int DefaultRowGroupText = 32 << 20;
    private const int ExtraBlocksInFlight = 48;

    public static ViewRunResult Run(
        CompiledView view,
        IEnumerable<ViewBlock> blocks,
        IRowBatchWriter writer,
        int threads = 1,
        int rowGroupSize = DefaultRowGroupSize,
        FileIdentifierIndex? references = null,
        CancellationToken cancellationToken = default,
        int rowGroupText = DefaultRowGroupText)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var stopwatch = Stopwatch.StartNew();
        var totals = new Totals();
        if (threads == 1)
        {
            var group = new RowBatch(view.Columns.Count, Math.Min(rowGroupSize + 8192, 1 << 20));
            var evaluator = view.CreateEvaluator();
            foreach (var block in blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Evaluate(evaluator, block, group, totals, references);
                if (group.Count >= rowGroupSize || group.TextLength >= rowGroupText)
                {
                    Flush(writer, group, totals);
                }
            }

            Flush(writer, group, totals);
        }
        else
        {
            RunParallel(view, blocks, writer, threads, rowGroupSize, rowGroupText, totals, references, cancellationToken);
        }

        writer.Complete();
        return new ViewRunResult(totals.Resources, totals.Rows, totals.Invalid, totals.FirstInvalid, stopwatch.Elapsed, totals.Resolved, totals.Unresolved);
    }

    private sealed class Totals
    {
        public long Resources;
        public long Rows;
        public long Invalid;
        public string? FirstInvalid;
        public long Resolved;
        public long Unresolved;

        public void Add(Totals other)
        {
            Resources += other.Resources;
            Invalid += other.Invalid;
            Resolved += other.Resolved;
            Unresolved += other.Unresolved;
            FirstInvalid ??= other.FirstInvalid;
        }
    }

    private static void Flush(IRowBatchWriter writer, RowBatch group, Totals totals)
    {
        if (group.Count > 0)
        {
            writer.Write([group]);
            totals.Rows += group.Count;
            group.Clear();
        }
    }

    private static void RunParallel(CompiledView view, IEnumerable<ViewBlock> blocks, IRowBatchWriter writer, int threads, int rowGroupSize,
        int rowGroupText, Totals totals, FileIdentifierIndex? references, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Blocks read but not yet written. Beyond two per worker, room for the blocks the workers evaluate while the
        // writer encodes a row group, so they do not wait for it.
        using var inFlight = new SemaphoreSlim((threads * 2) + ExtraBlocksInFlight);
        using var work = new BlockingCollection<(long Sequence, ViewBlock Block)>(threads * 2);
        using var done = new BlockingCollection<(long Sequence, RowBatch Rows, Totals Totals)>();
        // A block's rows, once copied into the row group, are cleared and reused for a later block.
        var spareBatches = new ConcurrentBag<RowBatch>();
        var failures = new ConcurrentQueue<Exception>();

        void Fail(Exception e)
        {
            failures.Enqueue(e);
            stop.Cancel();
        }

        var reader = Dedicated(() =>
        {
            try
            {
                var sequence = 0L;
                foreach (var block in blocks)
                {
                    inFlight.Wait(stop.Token);
                    work.Add((sequence++, block), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                work.CompleteAdding();
            }
        });

        var workers = Enumerable.Range(0, threads).Select(_ => Dedicated(() =>
        {
            var evaluator = view.CreateEvaluator();
            try
            {
                foreach (var (sequence, block) in work.GetConsumingEnumerable(stop.Token))
                {
                    var rows = spareBatches.TryTake(out var spare) ? spare : new RowBatch(view.Columns.Count, 1024);
                    var counts = new Totals();
                    Evaluate(evaluator, block, rows, counts, references);
                    done.Add((sequence, rows, counts), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(e);
            }
        })).ToArray();
        var finished = Task.WhenAll(workers).ContinueWith(_ => done.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        // Row groups are written on another thread, one at a time and in order, while the next one fills. Once written,
        // a row group's batches are cleared and go back to the workers.
        var filling = new List<RowBatch>();
        var fillingRows = 0;
        var fillingText = 0L;
        var writing = Task.CompletedTask;

        void HandOff()
        {
            writing.GetAwaiter().GetResult();
            var full = filling;
            totals.Rows += fillingRows;
            filling = [];
            fillingRows = 0;
            fillingText = 0;
            writing = Dedicated(() =>
            {
                writer.Write(full);
                foreach (var batch in full)
                {
                    batch.Clear();
                    spareBatches.Add(batch);
                }
            });
        }

        var pending = new Dictionary<long, (RowBatch Rows, Totals Totals)>();
        var next = 0L;
        try
        {
            try
            {
                foreach (var (sequence, rows, counts) in done.GetConsumingEnumerable(stop.Token))
                {
                    pending[sequence] = (rows, counts);
                    while (pending.Remove(next, out var ready))
                    {
                        next++;
                        totals.Add(ready.Totals);
                        inFlight.Release();
                        if (ready.Rows.Count == 0)
                        {
                            spareBatches.Add(ready.Rows);
                            continue;
                        }

                        filling.Add(ready.Rows);
                        fillingRows += ready.Rows.Count;
                        fillingText += ready.Rows.TextLength;
                        if (fillingRows >= rowGroupSize || fillingText >= rowGroupText)
                        {
                            HandOff();
                        }
                    }
                }
            }
            finally
            {
                // Never leave the writer busy: the caller completes or disposes it next.
                writing.Wait(CancellationToken.None);
            }

            if (!stop.IsCancellationRequested && fillingRows > 0)
            {
                writer.Write(filling);
                totals.Rows += fillingRows;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            Fail(e.InnerExceptions[0]);
        }
        catch (Exception e)
        {
            Fail(e);
        }

        stop.Cancel();
        try
        {
            Task.WaitAll([reader, finished, .. workers], CancellationToken.None);
        }
        catch (AggregateException)
        {
        }

        if (!failures.IsEmpty)
        {
            var first = failures.TryDequeue(out var e) ? e : null;
            throw first is InvalidDataException or IOException
                ? first
                : new InvalidOperationException(first!.Message, first);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// A task on a thread of its own. The reader, the workers and the row-group writer block on each other for the whole
    /// run; on the thread pool they took its few threads (as many as cores) and a worker could start a second late.
    /// </summary>
    private static Task Dedicated(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    private static void Evaluate(ViewEvaluator evaluator, ViewBlock block, RowBatch rows, Totals totals, FileIdentifierIndex? references)
    {
        try
        {
            foreach (var (text, line) in block.Lines())
            {
                if (text.IsEmpty)
                {
                    continue;
                }

                var trimmed = text;
                if (references is not null)
                {
                    int resolved = 0, unresolved = 0;
                    trimmed = references.Resolve(trimmed, ref resolved, ref unresolved);
                    totals.Resolved += resolved;
                    totals.Unresolved += unresolved;
                }

                try
                {
                    // Views that allow it are read straight from the line's bytes; others are parsed first.
                    evaluator.Evaluate(trimmed, rows);
                }
                catch (JsonException error)
                {
                    totals.Invalid++;
                    totals.FirstInvalid ??= $"{block.Source} line {line}: {error.Message}";
                    continue;
                }
                catch (ViewEvaluationException error)
                {
                    throw new InvalidDataException($"{block.Source} line {line}: {error.Message}", error);
                }

                totals.Resources++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block.Data);
        }
    }

    /// <summary>Blocks of whole lines from NDJSON files (plain or .gz), file after file.</summary>
    public static IEnumerable<ViewBlock> FileBlocks(IEnumerable<string> files, int blockBytes = DefaultBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var path in files)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new CheckedGzipStream(file) : file;
            var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
            var filled = 0;
            var line = 1L;
            var endOfFile = false;
            while (true)
            {
                while (!endOfFile && filled < buffer.Length)
                {
                    var read = ReadNaming(path, stream, buffer, filled);
                    endOfFile = read == 0;
                    filled += read;
                }

                if (filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                var cut = endOfFile ? filled : Array.LastIndexOf(buffer, (byte)'\n', filled - 1) + 1;
                if (cut == 0)
                {
                    // One line longer than the buffer: grow it and read on.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var nextBuffer = ArrayPool<byte>.Shared.Rent(blockBytes);
                var rest = filled - cut;
                if (rest > nextBuffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(nextBuffer);
                    nextBuffer = ArrayPool<byte>.Shared.Rent(rest * 2);
                }

                Buffer.BlockCopy(buffer, cut, nextBuffer, 0, rest);
                var block = new ViewBlock(buffer, cut, path, line);
                line += buffer.AsSpan(0, cut).Count((byte)'\n');
                yield return block;
                buffer = nextBuffer;
                filled = rest;
                if (endOfFile && filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
            }
        }
    }

    /// <summary>Reads into the buffer; a damaged file (a gzip file cut short, say) fails with a message naming it.</summary>
    private static int ReadNaming(string path, Stream stream, byte[] buffer, int filled)
    {
        try
        {
            return stream.Read(buffer, filled, buffer.Length - filled);
        }
        catch (InvalidDataException e)
        {
            // Without the inner exception: the command line shows the innermost message, which would lose the file name.
            throw new InvalidDataException($"{path}: {e.Message}");
        }
    }

    /// <summary>Blocks of the stored resources of one type, for materialising a view from the analytics store.</summary>
    public static IEnumerable<ViewBlock> StoreBlocks(DuckDBConnection connection, string resourceType, int blockBytes = DefaultBlockBytes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM resources WHERE resource_type = $1";
        command.UseStreamingMode = true;
        command.Parameters.Add(new DuckDBParameter(resourceType));
        using var reader = command.ExecuteReader();
        var buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        var filled = 0;
        var count = 0L;
        var first = 1L;
        while (reader.Read())
        {
            var json = reader.GetString(0);
            var needed = Encoding.UTF8.GetMaxByteCount(json.Length) + 1;
            if (filled > 0 && filled + needed > buffer.Length)
            {
                yield return new ViewBlock(buffer, filled, "store", first);
                first = count + 1;
                buffer = ArrayPool<byte>.Shared.Rent(Math.Max(blockBytes, needed));
                filled = 0;
            }
            else if (needed > buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(needed);
            }

            filled += Encoding.UTF8.GetBytes(json, buffer.AsSpan(filled));
            buffer[filled++] = (byte)'\n';
            count++;
        }

        if (filled > 0)
        {
            yield return new ViewBlock(buffer, filled, "store", first);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
