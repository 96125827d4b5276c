using System.Text;
using System.Text.Json;
using LearningHealth.Fhir;

namespace LearningHealth.Tests.Fhir;

public sealed class BundleReaderTests
{
    private static List<(string Text, long Number, string? Problem)> Read(string json, int bufferBytes, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var stream = new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        return BundleReader.Read(stream, bufferBytes).Select(e => (Encoding.UTF8.GetString(e.Bytes.Span), e.Number, e.Problem)).ToList();
    }

    private static string Bundle(int entries) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"meta\":{\"tag\":[{\"code\":\"x\"}]},\"entry\":["
        + string.Join(",\n  ", Enumerable.Range(0, entries).Select(i => $"{{\"fullUrl\":\"urn:uuid:{i}\",\"resource\":{FhirTestData.Patient($"p{i}", family: new string('x', i % 300))}}}"))
        + "],\"total\":" + entries + "}";

    [Theory]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(65536)]
    public void Entries_are_read_one_by_one_whatever_the_buffer_size(int bufferBytes)
    {
        var entries = Read(Bundle(500), bufferBytes);

        Assert.Equal(500, entries.Count);
        Assert.All(entries, e => Assert.Null(e.Problem));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), entries.Select(e => e.Number));
        Assert.Equal("p499", JsonDocument.Parse(entries[^1].Text).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public void A_single_resource_with_a_byte_order_mark_is_returned_whole()
    {
        var entry = Assert.Single(Read(FhirTestData.Patient("solo"), 8, bom: true));

        Assert.Equal(FhirTestData.Patient("solo"), entry.Text);
    }

    [Fact]
    public void A_cut_bundle_gives_the_entries_before_the_cut_and_then_a_problem()
    {
        var json = Bundle(50);
        var entries = Read(json[..(json.Length * 2 / 3)], 64);

        Assert.InRange(entries.Count, 20, 40);
        Assert.All(entries[..^1], e => Assert.Null(e.Problem));
        Assert.StartsWith("invalid JSON", entries[^1].Problem, StringComparison.Ordinal);
    }
}
