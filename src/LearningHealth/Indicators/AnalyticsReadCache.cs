using System.Collections.Concurrent;

namespace LearningHealth.Indicators;

/// <summary>
/// Remembers what pages read from the analytics file until the file changes. Indicator results, runs and the
/// practitioner index change only when data are imported or indicators recomputed, yet feedback pages read them on
/// every request: opening DuckDB and reading a table for each of several indicators was most of My practice's time
/// under load. The file's stamp (length and last write time of the database and its write-ahead log) is checked on
/// every read, so a computation by this process, the command line or another host is seen at the next request.
/// </summary>
public static class AnalyticsReadCache
{
    private static readonly ConcurrentDictionary<string, Entry> Files = new(StringComparer.Ordinal);

    /// <summary>The value read for <paramref name="key"/> while the file at <paramref name="path"/> is unchanged; else reads it again.</summary>
    public static T GetOrRead<T>(string path, string key, Func<T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        var stamp = Stamp(path);
        var entry = Files.AddOrUpdate(path, _ => new Entry(stamp), (_, existing) => existing.Stamp == stamp ? existing : new Entry(stamp));
        if (entry.Values.TryGetValue(key, out var cached) && cached is T value)
        {
            return value;
        }

        var fresh = read();
        // Store only if the file did not change while reading; a read racing a write is simply not remembered.
        if (Stamp(path) == stamp)
        {
            entry.Values[key] = fresh;
        }

        return fresh;
    }

    private static string Stamp(string path)
    {
        static string Of(string file)
        {
            var info = new FileInfo(file);
            return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : "-";
        }

        return Of(path) + "|" + Of(path + ".wal");
    }

    private sealed class Entry(string stamp)
    {
        public string Stamp { get; } = stamp;
        public ConcurrentDictionary<string, object> Values { get; } = new(StringComparer.Ordinal);
    }
}
