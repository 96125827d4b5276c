using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LearningHealth.SqlOnFhir;

/// <summary>
/// Returns the same <see cref="string"/> instance for JSON strings with the same UTF-8 bytes, so that columns with
/// few distinct values (status, codes, roles, practitioner references) do not allocate a new string for every row.
/// One cache belongs to one evaluator (not thread-safe). Each column slot keeps its own hit count: a column whose
/// values rarely repeat (identifiers, timestamps) stops using the cache after <see cref="TrialLookups"/> lookups, so
/// it pays only for the plain <see cref="JsonElement.GetString"/>. The table is direct-mapped and fixed in size,
/// so memory is bounded whatever the data.
/// </summary>
internal sealed class CellStringCache
{
    /// <summary>Lookups a column gets before its hit rate decides whether it keeps using the cache.</summary>
    internal const int TrialLookups = 2048;

    /// <summary>Longer strings are not cached: they are rarely repeated codes.</summary>
    internal const int MaxBytes = 96;

    private const int TableBits = 12;
    private const int TableSize = 1 << TableBits;

    private readonly Entry[] table = new Entry[TableSize];
    private readonly SlotState[] slots;

    public CellStringCache(int slotCount)
    {
        slots = new SlotState[slotCount];
    }

    /// <summary>The string value of a JSON string, from the cache when the column repeats values.</summary>
    public string Get(JsonElement jsonString, int slot)
    {
        ref var state = ref slots[slot];
        if (state.Disabled)
        {
            return jsonString.GetString()!;
        }

        // The raw value is the JSON text with its quotes; with an escape in it the bytes differ from the string's.
        var raw = JsonMarshal.GetRawUtf8Value(jsonString)[1..^1];
        if (raw.Length > MaxBytes || raw.Contains((byte)'\\'))
        {
            return jsonString.GetString()!;
        }

        return Cached(raw, slot);
    }

    /// <summary>The string of unescaped UTF-8 JSON string content, from the cache when the column repeats values.</summary>
    public string Get(ReadOnlySpan<byte> utf8, int slot)
    {
        if (slots[slot].Disabled || utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        return Cached(utf8, slot);
    }

    private string Cached(ReadOnlySpan<byte> raw, int slot)
    {
        ref var state = ref slots[slot];
        ref var entry = ref table[(int)(Hash(raw) >> (64 - TableBits))];
        if (entry.Value is not null && raw.SequenceEqual(entry.Key))
        {
            state.Hits++;
            Count(ref state);
            return entry.Value;
        }

        // Without escapes, the string of a JSON string is its UTF-8 content decoded.
        var value = Encoding.UTF8.GetString(raw);
        entry.Key = raw.ToArray();
        entry.Value = value;
        Count(ref state);
        return value;
    }

    private static void Count(ref SlotState state)
    {
        if (state.Lookups < TrialLookups && ++state.Lookups == TrialLookups)
        {
            // Keep the cache for columns where at least half the values were found in it.
            state.Disabled = state.Hits * 2 < TrialLookups;
        }
    }

    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        ulong hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        if (bytes.Length >= 8)
        {
            // Whole 8-byte words, then the last 8 bytes (overlapping), so every byte counts.
            var i = 0;
            for (; i + 8 <= bytes.Length; i += 8)
            {
                hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]));
            }

            if (i < bytes.Length)
            {
                hash = Mix(hash, BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]));
            }
        }
        else
        {
            ulong word = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                word = (word << 8) | bytes[i];
            }

            hash = Mix(hash, word);
        }

        return hash;
    }

    private static ulong Mix(ulong hash, ulong word) => (hash ^ word) * 0xBF58476D1CE4E5B9UL;

    private struct Entry
    {
        public byte[] Key;
        public string? Value;
    }

    private struct SlotState
    {
        public int Lookups;
        public int Hits;
        public bool Disabled;
    }
}
