namespace LearningHealth.Fhir;

/// <summary>One line of an NDJSON file: its bytes (a slice of a reused buffer, valid until the next line) and number.</summary>
/// <param name="Bytes">The line without its line ending, surrounding blanks or a UTF-8 byte order mark; for a line over the limit, its first bytes.</param>
/// <param name="Number">The line number, counting from 1, blank lines included.</param>
/// <param name="Length">The full length of the line in bytes.</param>
/// <param name="TooLong">True when the line was longer than the limit and was skipped rather than held in memory.</param>
public readonly record struct NdjsonLine(ReadOnlyMemory<byte> Bytes, long Number, long Length, bool TooLong);

/// <summary>
/// Splits newline-delimited JSON into lines without copying them into strings. Handles LF and CRLF endings, a UTF-8
/// byte order mark and blank lines (skipped, but counted). A line longer than the limit is not held in memory: its
/// first bytes are kept for the quarantine record and the rest is read past. Memory stays flat for any file size.
/// </summary>
public static class NdjsonLineReader
{
    private const int InitialBufferSize = 1 << 16;
    private const int TooLongPrefix = 4096;

    /// <summary>
    /// The <see cref="FileStream"/> buffer to read a file of lines through: none for a plain file, since the reader asks
    /// for as much as its own buffer holds and a buffered stream would copy every byte twice; 64 KB under gzip, which
    /// reads a few KB at a time.
    /// </summary>
    public static int FileBufferSize(string path) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? 1 << 16 : 0;

    public static IEnumerable<NdjsonLine> Read(Stream stream, int maxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[Math.Min(InitialBufferSize, Math.Max(maxLineBytes, 16))];
        var start = 0;
        var end = 0;
        var endOfStream = false;
        var number = 0L;
        var skipping = false; // inside a line over the limit
        var skippedLength = 0L;
        byte[]? prefix = null;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                number++;
                if (skipping)
                {
                    skippedLength += newline - start;
                    start = newline + 1;
                    skipping = false;
                    yield return new NdjsonLine(prefix, number, skippedLength, true);
                    continue;
                }

                var line = Trim(buffer.AsMemory(start, newline - start));
                var length = newline - start;
                start = newline + 1;
                if (!line.IsEmpty)
                {
                    yield return new NdjsonLine(line, number, length, false);
                }

                continue;
            }

            if (endOfStream)
            {
                if (skipping)
                {
                    yield return new NdjsonLine(prefix, number + 1, skippedLength + (end - start), true);
                    yield break;
                }

                var last = Trim(buffer.AsMemory(start, end - start));
                if (!last.IsEmpty)
                {
                    yield return new NdjsonLine(last, number + 1, end - start, false);
                }

                yield break;
            }

            if (skipping)
            {
                skippedLength += end - start;
                start = end = 0;
            }
            else if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else if (end == buffer.Length)
            {
                if (buffer.Length >= maxLineBytes)
                {
                    // Over the limit: keep the first bytes for the record and read past the rest.
                    prefix = buffer.AsSpan(0, Math.Min(TooLongPrefix, end)).ToArray();
                    skipping = true;
                    skippedLength = end;
                    start = end = 0;
                }
                else
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxLineBytes));
                }
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                endOfStream = true;
            }

            end += read;
        }
    }

    /// <summary>A line without a UTF-8 byte-order mark, surrounding blanks or the CR of a CRLF ending.</summary>
    internal static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var first = 0;
        var last = span.Length;
        if (last >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF)
        {
            first = 3;
        }

        while (first < last && span[first] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            first++;
        }

        while (last > first && span[last - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            last--;
        }

        return line[first..last];
    }
}
