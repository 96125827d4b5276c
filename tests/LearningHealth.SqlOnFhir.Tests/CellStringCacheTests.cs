using System.Text.Json;

namespace LearningHealth.SqlOnFhir.Tests;

/// <summary>The per-evaluator cache of cell strings: equal values, shared instances, and columns that stop using it.</summary>
public sealed class CellStringCacheTests
{
    private static JsonElement String(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Repeated_values_come_back_equal_and_as_the_same_instance()
    {
        var cache = new CellStringCache(1);

        var first = cache.Get(String("\"finished\""), 0);
        var second = cache.Get(String("\"finished\""), 0);
        var other = cache.Get(String("\"planned\""), 0);

        Assert.Equal("finished", first);
        Assert.Same(first, second);
        Assert.Equal("planned", other);
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"caf\\u00e9\"", "café")]
    [InlineData("\"café ✓\"", "café ✓")]
    [InlineData("\"\"", "")]
    public void Escaped_and_non_ASCII_strings_read_as_JsonElement_GetString_reads_them(string json, string expected)
    {
        var cache = new CellStringCache(1);

        Assert.Equal(expected, cache.Get(String(json), 0));
        Assert.Equal(expected, cache.Get(String(json), 0));
    }

    [Fact]
    public void Values_that_collide_in_the_table_are_never_confused()
    {
        var cache = new CellStringCache(1);
        var values = Enumerable.Range(0, 20_000).Select(i => $"code-{i % 7_000}").ToArray();

        foreach (var value in values)
        {
            Assert.Equal(value, cache.Get(String($"\"{value}\""), 0));
        }
    }

    [Fact]
    public void A_column_of_unique_values_stops_using_the_cache_and_still_reads_right()
    {
        var cache = new CellStringCache(2);
        for (var i = 0; i < CellStringCache.TrialLookups + 10; i++)
        {
            Assert.Equal($"id-{i}", cache.Get(String($"\"id-{i}\""), 0));
            Assert.Equal("finished", cache.Get(String("\"finished\""), 1));
        }

        // Slot 0 no longer shares instances; slot 1 still does.
        Assert.NotSame(cache.Get(String("\"id-1\""), 0), cache.Get(String("\"id-1\""), 0));
        Assert.Same(cache.Get(String("\"finished\""), 1), cache.Get(String("\"finished\""), 1));
    }

    [Fact]
    public void Rows_from_an_evaluator_hold_the_same_values_as_without_the_cache()
    {
        var view = ViewDefinition.Parse("""
            { "resourceType": "ViewDefinition", "resource": "Patient", "select": [ { "column": [
                { "name": "id", "path": "id", "type": "id" },
                { "name": "gender", "path": "gender", "type": "code" },
                { "name": "given", "path": "name.given", "type": "string", "collection": true } ] } ] }
            """);
        var evaluator = view.CreateEvaluator();
        var sink = new Rows();
        for (var i = 0; i < 3_000; i++)
        {
            using var document = JsonDocument.Parse($$"""{"resourceType":"Patient","id":"p{{i}}","gender":"{{(i % 2 == 0 ? "female" : "male")}}","name":[{"given":["Ann","B\u00e9a"]}]}""");
            evaluator.Evaluate(document.RootElement, sink);
        }

        Assert.Equal(3_000, sink.All.Count);
        for (var i = 0; i < 3_000; i++)
        {
            Assert.Equal(new object?[] { $"p{i}", i % 2 == 0 ? "female" : "male", new object?[] { "Ann", "Béa" } }, sink.All[i]);
        }

        Assert.Same(sink.All[0][1], sink.All[2][1]);
    }

    private sealed class Rows : IRowSink
    {
        public List<object?[]> All { get; } = [];

        public void OnRow(ReadOnlySpan<object?> row) => All.Add(row.ToArray());
    }
}
