using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LearningHealth.Fhir;

namespace LearningHealth.Tests.Fhir;

public sealed class FhirImportTests : IDisposable
{
    private readonly FhirTestData data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void Broken_lines_are_quarantined_with_a_reason_and_the_good_lines_are_imported()
    {
        var file = data.Write("Patient.ndjson", string.Join('\n',
            FhirTestData.Patient("p1"),
            "{\"resourceType\":\"Patient\",\"id\":\"p2\",",            // invalid JSON
            "{\"id\":\"p3\"}",                                          // no resourceType
            "{\"resourceType\":\"Patient\",\"name\":[]}",               // no id
            "{\"resourceType\":\"Patientt\",\"id\":\"p5\"}",            // not an R4 type
            "[1,2,3]",                                                  // not an object
            "",                                                         // blank: skipped, not quarantined
            FhirTestData.Patient("p7")) + "\n");

        var summary = data.Import(file);

        Assert.Equal(2, summary.Resources);
        Assert.Equal(5, summary.Quarantined);
        Assert.Equal(2, data.Count("SELECT count(*) FROM resources"));
        var records = data.QuarantineLines().Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal([2L, 3L, 4L, 5L, 6L], records.Select(r => r.GetProperty("line").GetInt64()));
        Assert.StartsWith("invalid JSON", records[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("no resourceType", records[1].GetProperty("reason").GetString());
        Assert.Equal("no id", records[2].GetProperty("reason").GetString());
        Assert.Equal("'Patientt' is not an R4 resource type", records[3].GetProperty("reason").GetString());
        Assert.Equal("{\"id\":\"p3\"}", records[1].GetProperty("raw").GetString());
        Assert.All(records, r => Assert.Equal(file, r.GetProperty("file").GetString()));
    }

    [Fact]
    public void Re_importing_adds_nothing_and_a_newer_version_replaces_the_older()
    {
        var first = data.Write("a.ndjson", FhirTestData.Patient("p1", "2024-01-01T00:00:00Z", "Old") + "\n" + FhirTestData.Patient("p2", "2024-06-01T00:00:00Z", "Keep") + "\n");
        data.Import(first);
        var again = data.Import(first);
        Assert.Equal("skipped", Assert.Single(again.Files).Status);

        // The same lines copied to another file are read again but change nothing; a newer version replaces, an older does not.
        var second = data.Write("b.ndjson", FhirTestData.Patient("p1", "2025-01-01T00:00:00+01:00", "New") + "\n" + FhirTestData.Patient("p2", "2023-01-01T00:00:00Z", "Older") + "\n");
        var summary = data.Import(second);

        Assert.Equal(1, summary.Written);
        Assert.Equal(1, summary.Unchanged);
        Assert.Equal(2, data.Count("SELECT count(*) FROM resources"));
        Assert.Contains("New", (string)data.Query("SELECT json FROM resources WHERE id = 'p1'")[0][0]!, StringComparison.Ordinal);
        Assert.Contains("Keep", (string)data.Query("SELECT json FROM resources WHERE id = 'p2'")[0][0]!, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2024, 12, 31, 23, 0, 0), data.Query("SELECT last_updated FROM resources WHERE id = 'p1'")[0][0]);
    }

    [Fact]
    public void Without_lastUpdated_the_later_file_in_the_import_order_wins()
    {
        var a = data.Write("a.ndjson", FhirTestData.Patient("p1", family: "First") + "\n");
        var b = data.Write("b.ndjson", FhirTestData.Patient("p1", family: "Second") + "\n" + FhirTestData.Patient("p1", family: "Third") + "\n");

        data.Import(a, b);

        Assert.Contains("Third", (string)data.Query("SELECT json FROM resources WHERE id = 'p1'")[0][0]!, StringComparison.Ordinal);
        Assert.Equal(1, data.Count("SELECT count(*) FROM resources"));
    }

    [Fact]
    public void Crlf_line_endings_and_a_byte_order_mark_are_read()
    {
        var file = data.Write("Patient.ndjson", FhirTestData.Patient("p1") + "\r\n" + FhirTestData.Patient("p2") + "\r\n\r\n", bom: true);

        var summary = data.Import(file);

        Assert.Equal(2, summary.Resources);
        Assert.Equal(0, summary.Quarantined);
        Assert.DoesNotContain("\r", (string)data.Query("SELECT json FROM resources WHERE id = 'p1'")[0][0]!, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_imports_nothing_and_is_not_an_error()
    {
        var file = data.Write("Empty.ndjson", "");

        var summary = data.Import(file);

        Assert.Equal(0, summary.Resources);
        Assert.Equal("imported", Assert.Single(summary.Files).Status);
    }

    [Fact]
    public void A_truncated_gzip_keeps_the_lines_before_the_damage_and_reports_the_file()
    {
        var lines = string.Concat(Enumerable.Range(0, 2000).Select(i => FhirTestData.Patient($"p{i}") + "\n"));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(lines));
        }

        var bytes = compressed.ToArray();
        var path = Path.Combine(data.Root, "in", "Patient.ndjson.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var summary = data.Import(path);

        var file = Assert.Single(summary.Files);
        Assert.Equal("failed", file.Status);
        Assert.Contains("truncated or corrupt", file.Error, StringComparison.Ordinal);
        Assert.True(summary.Resources > 100, $"only {summary.Resources} resources kept");
        Assert.Equal(summary.Resources, data.Count("SELECT count(*) FROM resources"));
        Assert.Contains("truncated or corrupt", Assert.Single(data.QuarantineLines()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_file_of_several_members_is_read_to_the_end()
    {
        // As `cat a.gz b.gz > c.gz`, pigz or an exporter writing in parts make it; the second member ends without a newline.
        var path = Path.Combine(data.Root, "in", "Patient.ndjson.gz");
        File.WriteAllBytes(path, [.. FhirTestData.Gzip(FhirTestData.Patients(0, 1500)), .. FhirTestData.Gzip(FhirTestData.Patients(1500, 3000).TrimEnd('\n'))]);

        var summary = data.Import(path);

        Assert.Equal("imported", Assert.Single(summary.Files).Status);
        Assert.Equal(3000, summary.Resources);
        Assert.Equal(0, summary.Quarantined);
        Assert.Equal(1, data.Count("SELECT count(*) FROM resources WHERE id = 'p2999'"));
    }

    [Fact]
    public void A_gzip_file_of_several_members_cut_short_in_its_last_member_is_reported()
    {
        var second = FhirTestData.Gzip(FhirTestData.Patients(1500, 3000));
        var path = Path.Combine(data.Root, "in", "Patient.ndjson.gz");
        File.WriteAllBytes(path, [.. FhirTestData.Gzip(FhirTestData.Patients(0, 1500)), .. second[..(second.Length / 2)]]);

        var summary = data.Import(path);

        var file = Assert.Single(summary.Files);
        Assert.Equal("failed", file.Status);
        Assert.Equal(path, file.Path);
        Assert.Contains("truncated or corrupt", file.Error, StringComparison.Ordinal);
        Assert.InRange(summary.Resources, 1500, 2999);
    }

    [Fact]
    public void A_complete_gzip_file_is_imported()
    {
        var path = Path.Combine(data.Root, "in", "Patient.ndjson.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(FhirTestData.Patient("p1") + "\n" + FhirTestData.Patient("p2")));
        }

        Assert.Equal(2, data.Import(path).Resources);
    }

    [Fact]
    public void A_bundle_is_imported_entry_by_entry_and_a_bad_entry_is_quarantined()
    {
        var bundle = data.Write("bundle.json", $$"""
            {
              "resourceType": "Bundle", "type": "collection",
              "entry": [
                { "fullUrl": "urn:uuid:p1", "resource": {{FhirTestData.Patient("p1")}} },
                { "fullUrl": "urn:uuid:x" },
                { "resource": { "resourceType": "Observation", "status": "final" } },
                { "resource": { "resourceType": "Practitioner", "id": "dr1" } }
              ]
            }
            """);

        var summary = data.Import(bundle);

        Assert.Equal(2, summary.Resources);
        Assert.Equal(2, summary.Quarantined);
        var reasons = data.QuarantineLines().Select(line => JsonDocument.Parse(line).RootElement.GetProperty("reason").GetString()).ToList();
        Assert.Equal(["the Bundle entry has no resource", "no id"], reasons);
        Assert.Equal(2, data.Count("SELECT count(*) FROM resources"));
    }

    [Fact]
    public void A_50_MB_line_is_imported_and_one_over_the_limit_is_quarantined_without_losing_its_neighbours()
    {
        var path = Path.Combine(data.Root, "in", "Binary.ndjson");
        using (var file = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            file.Write(FhirTestData.Patient("before") + "\n");
            file.Write("{\"resourceType\":\"Binary\",\"id\":\"big\",\"contentType\":\"text/plain\",\"data\":\"");
            var chunk = new string('A', 1 << 20);
            for (var i = 0; i < 50; i++)
            {
                file.Write(chunk);
            }

            file.Write("\"}\n");
            file.Write(FhirTestData.Patient("after") + "\n");
        }

        var imported = data.Import(path);
        Assert.Equal(3, imported.Resources);
        Assert.True(data.Count("SELECT length(json) FROM resources WHERE id = 'big'") > 50L << 20);

        using var small = new FhirTestData();
        var summary = new FhirImporter(small.DataDirectory).Import([path], new ImportOptions { MaxLineBytes = 1 << 20 });
        Assert.Equal(2, summary.Resources);
        var record = JsonDocument.Parse(Assert.Single(small.QuarantineLines())).RootElement;
        Assert.Equal(2, record.GetProperty("line").GetInt64());
        Assert.Contains("over the limit", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(record.GetProperty("raw").GetString()!.Length <= new ImportOptions().QuarantineRawLimit);
    }

    [Fact]
    public void An_interrupted_import_resumes_without_duplicates_or_loss()
    {
        var good = Enumerable.Range(0, 1000).Select(i => FhirTestData.Patient($"p{i}")).ToList();
        var lines = good.Select((line, i) => i % 100 == 50 ? line + "\n{broken" : line);
        var first = data.Write("a.ndjson", string.Join('\n', lines) + "\n");
        var second = data.Write("b.ndjson", FhirTestData.Patient("q1") + "\n");
        var options = new ImportOptions { BatchSize = 100 };

        using var cancellation = new CancellationTokenSource();
        var batches = 0;
        var importer = new FhirImporter(data.DataDirectory);
        Assert.ThrowsAny<OperationCanceledException>(() => importer.Import([first, second], options,
            new CountingProgress(() => { if (++batches == 4) { cancellation.Cancel(); } }), cancellation.Token));
        var partial = data.Count("SELECT count(*) FROM resources");
        Assert.InRange(partial, 300, 500);
        Assert.Equal(4, data.Count("SELECT committed_line FROM import_progress") / 100);

        var resumed = data.Import(options, CancellationToken.None, first, second);

        Assert.Equal("resumed", resumed.Files[0].Status);
        Assert.Equal(1001, data.Count("SELECT count(*) FROM resources"));
        Assert.Equal(1001, data.Count("SELECT count(DISTINCT id) FROM resources"));
        Assert.Equal(10, data.QuarantineLines().Length);
        Assert.Equal(10, data.QuarantineLines().Select(line => JsonDocument.Parse(line).RootElement.GetProperty("line").GetInt64()).Distinct().Count());
        Assert.Equal(1001 - partial, resumed.Resources);
    }

    private sealed class CountingProgress(Action onBatch) : IProgress<ImportProgress>
    {
        private int lastBatches;

        public void Report(ImportProgress value)
        {
            if (value.Batches != lastBatches)
            {
                lastBatches = value.Batches;
                onBatch();
            }
        }
    }
}
