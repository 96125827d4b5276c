using System.Diagnostics;
using LearningHealth.SqlOnFhir;
using LearningHealth.SqlOnFhir.Throughput;

// Measures single-threaded throughput of the SQL on FHIR engine: NDJSON bytes in memory -> JsonDocument per line ->
// compiled view -> rows handed to a sink that only counts them. Usage:
//   dotnet run -c Release --project tests/LearningHealth.SqlOnFhir.Throughput [-- view.json [resourceCount]]
var viewPath = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "encounter-view.json");
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;

var view = ViewDefinition.Parse(File.ReadAllText(viewPath));
var ndjson = SyntheticEncounters.Ndjson(count);
Console.WriteLine($"View '{view.Name}' with {view.Columns.Count} columns; {count:N0} encounters, {ndjson.Length / (double)count:N0} bytes each on average.");

// Baseline: splitting lines and parsing each into a JsonDocument, which every evaluation pays before the view runs.
for (var round = 1; round <= 3; round++)
{
    var parseWatch = Stopwatch.StartNew();
    var parsed = 0;
    foreach (var line in ((ReadOnlyMemory<byte>)ndjson).Split())
    {
        using var document = System.Text.Json.JsonDocument.Parse(line);
        parsed++;
    }

    parseWatch.Stop();
    Console.WriteLine($"Parse only {round}: {parsed / parseWatch.Elapsed.TotalSeconds,12:N0} resources/s");
}

var sink = new CountingSink();
for (var round = 1; round <= 5; round++)
{
    sink.Rows = 0;
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var stopwatch = Stopwatch.StartNew();
    using var stream = new MemoryStream(ndjson, writable: false);
    var resources = view.EvaluateNdjson(stream, sink);
    stopwatch.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    Console.WriteLine(
        $"Round {round}: {resources / stopwatch.Elapsed.TotalSeconds,12:N0} resources/s, {sink.Rows:N0} rows, " +
        $"{stopwatch.Elapsed.TotalMilliseconds:N0} ms, {allocated / (double)resources:N0} bytes allocated per resource");
}

/// <summary>Splits NDJSON bytes at newlines for the parse-only baseline.</summary>
internal static class NdjsonSplitting
{
    public static IEnumerable<ReadOnlyMemory<byte>> Split(this ReadOnlyMemory<byte> ndjson)
    {
        var start = 0;
        while (start < ndjson.Length)
        {
            var length = ndjson.Span[start..].IndexOf((byte)'\n');
            var end = length < 0 ? ndjson.Length : start + length;
            if (end > start)
            {
                yield return ndjson[start..end];
            }

            start = end + 1;
        }
    }
}

/// <summary>Counts rows and keeps nothing, so the measurement is the engine alone.</summary>
internal sealed class CountingSink : IRowSink
{
    public long Rows { get; set; }

    public void OnRow(ReadOnlySpan<object?> row) => Rows++;
}
