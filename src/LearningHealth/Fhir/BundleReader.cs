using System.Text;
using System.Text.Json;

namespace LearningHealth.Fhir;

/// <summary>
/// Reads the entries of a FHIR Bundle (JSON) from a stream one at a time, holding only the entry being read, so memory
/// does not grow with the Bundle. Entries are numbered from 1. A JSON file holding a single resource rather than a
/// Bundle is returned whole, as entry 1. Invalid JSON ends the reading with a problem naming where.
/// </summary>
internal sealed class BundleReader
{
    private const int MaxBufferBytes = 1 << 30;
    private byte[] buffer;
    private int start;
    private int end;
    private bool endOfStream;
    private bool done;
    private JsonReaderState state = new(new JsonReaderOptions { MaxDepth = 256 });
    private string? rootType;
    private string? property;
    private bool inEntries;
    private int origin;
    private readonly List<byte[]> found = [];

    private BundleReader(int initialBufferBytes) => buffer = new byte[initialBufferBytes];

    /// <summary>Each entry's resource (or the problem with the entry), in order.</summary>
    public static IEnumerable<(ReadOnlyMemory<byte> Bytes, long Number, string? Problem)> Read(Stream stream, int initialBufferBytes = 1 << 16)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new BundleReader(initialBufferBytes);
        var number = 0L;
        var first = true;
        while (!reader.done)
        {
            string? problem = null;
            try
            {
                var before = (reader.start, reader.end);
                reader.Refill(stream, first);
                first = false;
                reader.Step();
                if (!reader.done && reader.endOfStream && before == (reader.start, reader.end))
                {
                    problem = "invalid JSON: the file ends before the Bundle does";
                }
            }
            catch (JsonException e)
            {
                problem = $"invalid JSON: {e.Message}";
            }
            catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException bad)
            {
                // Utf8JsonReader checks a string's UTF-8 only when it is read as text (a property name, the resourceType).
                problem = $"invalid UTF-8: {bad.Message}";
            }

            if (reader.rootType == "Bundle" || problem is not null)
            {
                foreach (var entry in reader.found)
                {
                    yield return Entry(entry, ++number);
                }

                reader.found.Clear();
            }

            if (problem is not null)
            {
                yield return (ReadOnlyMemory<byte>.Empty, number + 1, problem);
                yield break;
            }
        }

        if (reader.rootType == "Bundle")
        {
            foreach (var entry in reader.found)
            {
                yield return Entry(entry, ++number);
            }
        }
        else
        {
            // Not a Bundle: the whole document (kept in the buffer) is one resource.
            yield return (reader.buffer.AsMemory(reader.origin, reader.end - reader.origin), 1, null);
        }
    }

    private static (ReadOnlyMemory<byte> Bytes, long Number, string? Problem) Entry(byte[] entry, long number)
    {
        // Checked first: JsonDocument finds bad UTF-8 only when a string is read, and throws then.
        if (!System.Text.Unicode.Utf8.IsValid(entry))
        {
            return (entry, number, "the Bundle entry is not valid UTF-8");
        }

        using var document = JsonDocument.Parse(entry, new JsonDocumentOptions { MaxDepth = 256 });
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("resource", out var resource)
            ? (Encoding.UTF8.GetBytes(resource.GetRawText()), number, null)
            : (entry, number, "the Bundle entry has no resource");
    }

    private void Refill(Stream stream, bool first)
    {
        if (endOfStream)
        {
            return;
        }

        // Until the root is known to be a Bundle everything is kept, as a single resource is returned whole.
        var discard = rootType == "Bundle" ? start : 0;
        if (discard > 0)
        {
            Buffer.BlockCopy(buffer, discard, buffer, 0, end - discard);
            start -= discard;
            end -= discard;
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxBufferBytes)
            {
                throw new JsonException("a single Bundle entry is larger than 1 GB");
            }

            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        endOfStream = read == 0;
        end += read;
        if (first && end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
        {
            start = origin = 3;
        }
    }

    private void Step()
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), endOfStream, state);
        while (true)
        {
            var checkpoint = reader.CurrentState;
            var consumed = reader.BytesConsumed;
            if (!reader.Read())
            {
                break;
            }

            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when depth == 1:
                    property = reader.GetString();
                    break;
                case JsonTokenType.String when depth == 1 && property == "resourceType":
                    rootType = reader.GetString();
                    break;
                case JsonTokenType.StartArray when depth == 1 && property == "entry":
                    inEntries = true;
                    break;
                case JsonTokenType.EndArray when depth == 1 && inEntries:
                    inEntries = false;
                    break;
                case JsonTokenType.EndObject when depth == 0:
                    done = true;
                    start += (int)reader.BytesConsumed;
                    state = reader.CurrentState;
                    return;
                case JsonTokenType.StartObject or JsonTokenType.StartArray when depth == 1 || (depth == 2 && inEntries):
                    var tokenStart = reader.TokenStartIndex;
                    if (!reader.TrySkip())
                    {
                        // The value is not all in the buffer yet: read it again from its start after the next refill.
                        start += (int)consumed;
                        state = checkpoint;
                        return;
                    }

                    if (depth == 2)
                    {
                        found.Add(buffer.AsSpan(start + (int)tokenStart, (int)(reader.BytesConsumed - tokenStart)).ToArray());
                    }

                    break;
                default:
                    if (depth == 2 && inEntries)
                    {
                        found.Add(buffer.AsSpan(start + (int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex)).ToArray());
                    }

                    break;
            }
        }

        start += (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }
}
