using System.IO.Compression;
using System.Text;

namespace LearningHealth.Fhir;

/// <summary>
/// Decompresses a gzip file of one or more members (a file made with <c>cat a.gz b.gz</c>, or by pigz or an exporter
/// writing in parts, is several members one after another) and fails with an <see cref="InvalidDataException"/> when
/// the file is cut short.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> reads every member and checks each complete member's CRC-32 and length, but when the input
/// ends part-way through a member it stops quietly, and it also stops quietly at bytes after the last member that are
/// not gzip. Checking the length in the file's last four bytes against the total only works for one member. Instead,
/// a small gzip member holding a known marker is read after the file's last byte: when the file ends with a complete
/// member the marker comes out last, exactly; when it is cut short the marker's bytes are taken as more of the
/// unfinished member, and decompression fails or the marker does not come out. The marker is held back from the reader.
/// </remarks>
internal sealed class CheckedGzipStream : Stream
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("\0LearningHealth gzip end marker\0");
    private static readonly byte[] MarkerMember = Compress(Marker);

    private readonly GZipStream gzip;
    private readonly byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private bool finished;
    private long length;

    public CheckedGzipStream(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        gzip = new GZipStream(new ThenMarker(file), CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        // Keep more than the marker's length in hand, so the bytes given out can never be part of the marker.
        while (!finished && end - start <= Marker.Length)
        {
            if (end == buffer.Length)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            int read;
            try
            {
                read = gzip.Read(buffer, end, buffer.Length - end);
            }
            catch (InvalidDataException e)
            {
                // What a file cut short part-way through a member usually gives, as the marker is read as more of it.
                throw new InvalidDataException($"gzip data cut short or damaged after {length + end - start:N0} bytes decompressed ({e.Message})", e);
            }

            if (read == 0)
            {
                finished = true;
                if (end - start != Marker.Length || !buffer.AsSpan(start, end - start).SequenceEqual(Marker))
                {
                    throw new InvalidDataException(
                        $"unexpected end of gzip data after {length + Math.Max(0, end - start - Marker.Length):N0} bytes decompressed " +
                        "(the file is cut short or damaged, or has bytes after its end that are not gzip)");
                }
            }

            end += read;
        }

        var available = end - start - Marker.Length;
        if (available <= 0)
        {
            return 0;
        }

        var count = Math.Min(available, destination.Length);
        buffer.AsSpan(start, count).CopyTo(destination);
        start += count;
        length += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var compressed = new MemoryStream();
        using (var writer = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            writer.Write(bytes);
        }

        return compressed.ToArray();
    }

    /// <summary>The file's bytes, then the marker member. An empty file gives nothing, not even the marker.</summary>
    private sealed class ThenMarker : Stream
    {
        private readonly FileStream file;
        private readonly bool empty;
        private int markerRead;
        private bool fileDone;

        public ThenMarker(FileStream file)
        {
            this.file = file;
            empty = file.Length == 0;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!fileDone)
            {
                var read = file.Read(buffer);
                if (read > 0 || buffer.IsEmpty)
                {
                    return read;
                }

                fileDone = true;
            }

            if (empty)
            {
                return 0;
            }

            var count = Math.Min(buffer.Length, MarkerMember.Length - markerRead);
            MarkerMember.AsSpan(markerRead, count).CopyTo(buffer);
            markerRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
