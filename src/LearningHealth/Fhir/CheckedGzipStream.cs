using System.Buffers.Binary;
using System.IO.Compression;

namespace LearningHealth.Fhir;

/// <summary>
/// Decompresses a gzip file and, at its end, checks the length in the gzip trailer (ISIZE) against what was read.
/// <see cref="GZipStream"/> ends quietly when a file is cut short; this turns that into an <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private readonly FileStream file;
    private readonly GZipStream gzip;
    private readonly uint expectedLength;
    private readonly bool hasTrailer;
    private long length;

    public CheckedGzipStream(FileStream file)
    {
        this.file = file;
        if (file.Length >= 18)
        {
            Span<byte> trailer = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
            file.Seek(0, SeekOrigin.Begin);
            expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            hasTrailer = true;
        }

        gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
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

    public override int Read(Span<byte> buffer)
    {
        var read = gzip.Read(buffer);
        length += read;
        if (read == 0 && buffer.Length > 0 && (!hasTrailer || (uint)length != expectedLength))
        {
            throw new InvalidDataException($"unexpected end of gzip data ({length:N0} bytes decompressed; the file is cut short or damaged)");
        }

        return read;
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
}
