namespace LearningHealth.SqlOnFhir.Views;

/// <summary>
/// Splits a stream of newline-delimited JSON into lines without copying each line into a string: lines are slices
/// of one growing read buffer. A slice is only valid until the next line is requested. Line numbers count from 1,
/// blank lines included, for error messages.
/// </summary>
internal static class NdjsonLines
{
    private const int InitialBufferSize = 1 << 16;

    public static IEnumerable<(ReadOnlyMemory<byte> Line, long Number)> Read(Stream stream)
    {
        var buffer = new byte[InitialBufferSize];
        var start = 0;
        var end = 0;
        var endOfStream = false;
        var number = 0L;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (newline >= 0)
            {
                var line = Trim(buffer.AsMemory(start, newline - start));
                start = newline + 1;
                number++;
                if (!line.IsEmpty)
                {
                    yield return (line, number);
                }

                continue;
            }

            if (endOfStream)
            {
                var last = Trim(buffer.AsMemory(start, end - start));
                if (!last.IsEmpty)
                {
                    yield return (last, number + 1);
                }

                yield break;
            }

            // Move the unfinished line to the front, growing the buffer when one line fills it.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            else if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                endOfStream = true;
            }

            end += read;
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var first = 0;
        var last = span.Length;
        while (first < last && span[first] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            first++;
        }

        while (last > first && span[last - 1] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            last--;
        }

        // A UTF-8 byte order mark may open the file.
        if (last - first >= 3 && span[first] == 0xEF && span[first + 1] == 0xBB && span[first + 2] == 0xBF)
        {
            first += 3;
        }

        return line[first..last];
    }
}
