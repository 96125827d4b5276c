using LearningHealth.Fhir;
using LearningHealth.Persistence;

namespace LearningHealth.Tests.Fhir;

public sealed class ViewRunTests : IDisposable
{
    private const string PractitionerView = """
        {"resourceType":"ViewDefinition","name":"encounter_practitioner","resource":"Encounter","status":"active",
         "select":[{"column":[{"name":"id","path":"getResourceKey()","type":"string"},
                              {"name":"start","path":"period.start","type":"dateTime"}]},
                   {"forEach":"participant","column":[{"name":"practitioner_id","path":"individual.getReferenceKey(Practitioner)","type":"string"}]}]}
        """;

    private readonly FhirTestData data = new();
    private readonly string generated;

    public ViewRunTests()
    {
        generated = Path.Combine(data.Root, "generated");
        SyntheticFhirGenerator.Write(new GeneratorOptions(120, 8, 2, 4), generated);
    }

    public void Dispose() => data.Dispose();

    private string Encounters => Path.Combine(generated, "Encounter.ndjson");

    private string PractitionerViewFile()
    {
        var path = Path.Combine(data.Root, "encounter_practitioner.json");
        File.WriteAllText(path, PractitionerView);
        return path;
    }

    private static string BenchView => Path.Combine(ViewCommandTests.RepositoryRoot(), "tests", "LearningHealth.SqlOnFhir.Throughput", "encounter-view.json");

    [Theory]
    [InlineData("parquet")]
    [InlineData("csv")]
    [InlineData("ndjson")]
    public async Task View_run_writes_the_same_rows_on_one_thread_and_on_three(string format)
    {
        var one = Path.Combine(data.Root, "one." + format);
        var three = Path.Combine(data.Root, "three." + format);

        var first = await ViewCommandTests.RunAsync("view", "run", BenchView, Encounters, "--out", one);
        var second = await ViewCommandTests.RunAsync("view", "run", BenchView, Encounters, "--out", three, "--threads", "3");

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        Assert.Contains("resources/s", first.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(three));
    }

    [Fact]
    public void Parquet_output_has_typed_columns_and_every_row()
    {
        var output = Path.Combine(data.Root, "rows.parquet");
        var view = LearningHealth.SqlOnFhir.ViewDefinition.Parse(File.ReadAllText(BenchView));
        long rows;
        using (var writer = RowWriters.ForFile(output, view.Columns))
        {
            // Small row groups and blocks, so the file has several of each.
            rows = ViewRunner.Run(view, ViewRunner.FileBlocks([Encounters], 64 * 1024), writer, threads: 2, rowGroupSize: 500).Rows;
        }

        var expected = File.ReadLines(Encounters).Sum(line => Math.Max(1, System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("participant").GetArrayLength()));
        Assert.Equal(expected, rows);
        Assert.Equal(rows, data.Count($"SELECT count(*) FROM read_parquet('{output}')"));
        Assert.Equal(File.ReadLines(Encounters).Count(), data.Count($"SELECT count(DISTINCT id) FROM read_parquet('{output}')"));
        Assert.Equal("VARCHAR", data.Query($"SELECT typeof(id) FROM read_parquet('{output}') LIMIT 1")[0][0]);
    }

    [Fact]
    public void Many_row_groups_written_while_the_next_fills_give_the_same_file_for_any_thread_count()
    {
        var view = LearningHealth.SqlOnFhir.ViewDefinition.Parse(File.ReadAllText(BenchView));
        string Run(int threads)
        {
            var output = Path.Combine(data.Root, $"groups-{threads}.parquet");
            using var writer = RowWriters.ForFile(output, view.Columns);
            // Small blocks and row groups, so the writer is handed many groups while blocks are still evaluated.
            ViewRunner.Run(view, ViewRunner.FileBlocks([Encounters], 4 * 1024), writer, threads, rowGroupSize: 40);
            return output;
        }

        var one = Run(1);
        Assert.True(data.Count($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{one}')") > 5);
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(Run(2)));
        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(Run(3)));
    }

    [Fact]
    public void A_row_group_also_closes_once_it_holds_the_text_limit_whatever_the_thread_count()
    {
        var view = LearningHealth.SqlOnFhir.ViewDefinition.Parse(File.ReadAllText(BenchView));
        string Run(int threads, int rowGroupText)
        {
            var output = Path.Combine(data.Root, $"text-{threads}-{rowGroupText}.parquet");
            using var writer = RowWriters.ForFile(output, view.Columns);
            ViewRunner.Run(view, ViewRunner.FileBlocks([Encounters], 4 * 1024), writer, threads, rowGroupSize: 100_000, rowGroupText: rowGroupText);
            return output;
        }

        long Groups(string file) => data.Count($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata('{file}')");
        var byRows = Run(1, ViewRunner.DefaultRowGroupText);
        var byText = Run(1, 20_000);

        Assert.Equal(1, Groups(byRows));
        Assert.True(Groups(byText) > 3, $"{Groups(byText)} row groups");
        Assert.Equal(data.Count($"SELECT count(*) FROM read_parquet('{byRows}')"), data.Count($"SELECT count(*) FROM read_parquet('{byText}')"));
        Assert.Equal(File.ReadAllBytes(byText), File.ReadAllBytes(Run(2, 20_000)));
    }

    [Fact]
    public void A_writer_failure_on_the_writing_thread_stops_the_run_with_its_message()
    {
        var view = LearningHealth.SqlOnFhir.ViewDefinition.Parse(File.ReadAllText(BenchView));
        using var writer = new FailingWriter();

        var error = Assert.Throws<IOException>(() => ViewRunner.Run(view, ViewRunner.FileBlocks([Encounters], 4 * 1024), writer, threads: 2, rowGroupSize: 40));

        Assert.Equal("disk full", error.Message);
    }

    [Fact]
    public void A_gzipped_file_gives_the_same_rows_as_the_plain_one()
    {
        var gz = Path.Combine(data.Root, "Encounter.ndjson.gz");
        using (var target = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest))
        using (var source = File.OpenRead(Encounters))
        {
            source.CopyTo(target);
        }

        var view = LearningHealth.SqlOnFhir.ViewDefinition.Parse(File.ReadAllText(BenchView));
        using var plain = new CountingWriter();
        using var zipped = new CountingWriter();
        var a = ViewRunner.Run(view, ViewRunner.FileBlocks([Encounters]), plain);
        var b = ViewRunner.Run(view, ViewRunner.FileBlocks([gz]), zipped);

        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.Resources, b.Resources);
    }

    [Fact]
    public async Task View_run_reads_every_member_of_a_gzip_file_made_of_several()
    {
        var lines = File.ReadAllLines(Encounters);
        var half = lines.Length / 2;
        var gz = Path.Combine(data.Root, "Encounter.ndjson.gz");
        await File.WriteAllBytesAsync(gz,
            [.. FhirTestData.Gzip(string.Join('\n', lines[..half]) + "\n"), .. FhirTestData.Gzip(string.Join('\n', lines[half..]) + "\n")]);
        var plain = Path.Combine(data.Root, "plain.csv");
        var zipped = Path.Combine(data.Root, "zipped.csv");

        var a = await ViewCommandTests.RunAsync("view", "run", PractitionerViewFile(), Encounters, "--out", plain);
        var b = await ViewCommandTests.RunAsync("view", "run", PractitionerViewFile(), gz, "--out", zipped);

        Assert.Equal(0, a.Exit);
        Assert.Equal(0, b.Exit);
        Assert.Contains($"from {lines.Length:N0} resources", b.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllLines(plain), File.ReadAllLines(zipped));
    }

    [Fact]
    public async Task View_run_over_a_gzip_file_cut_short_fails_naming_the_file()
    {
        var bytes = FhirTestData.Gzip(await File.ReadAllTextAsync(Encounters));
        var gz = Path.Combine(data.Root, "Encounter.ndjson.gz");
        await File.WriteAllBytesAsync(gz, bytes[..(bytes.Length / 2)]);

        var (exit, _, error) = await ViewCommandTests.RunAsync("view", "run", PractitionerViewFile(), gz, "--out", Path.Combine(data.Root, "rows.csv"));

        Assert.Equal(1, exit);
        Assert.StartsWith($"lhs: {gz}: ", error, StringComparison.Ordinal);
        Assert.Contains("cut short", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_materialised_view_over_imported_data_resolves_conditional_references_and_is_listed()
    {
        data.Import(generated);
        var catalog = new AnalyticsCatalog(new DatabaseOptions(DatabaseProvider.Sqlite, "", data.DataDirectory));

        var result = catalog.Materialise(PractitionerView, threads: 2);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(0, data.Count("SELECT count(*) FROM encounter_practitioner WHERE practitioner_id IS NULL"));
        Assert.Equal(data.Count("SELECT count(*) FROM resources WHERE resource_type = 'Practitioner'"),
            data.Count("SELECT count(DISTINCT e.practitioner_id) FROM encounter_practitioner e JOIN resources p ON p.resource_type = 'Practitioner' AND p.id = e.practitioner_id"));
        var view = Assert.Single(catalog.ListViews(3));
        Assert.Equal("encounter_practitioner", view.Name);
        Assert.Equal(result.Run!.Rows, view.RowCount);
        Assert.Equal(["id", "start", "practitioner_id"], view.Columns);
        Assert.Equal(3, view.FirstRows.Count);
        var sets = catalog.ListDataSets();
        Assert.Equal(10, sets.Count);
        Assert.All(sets, set => Assert.NotNull(set.LastImported));
    }

    [Fact]
    public async Task View_run_over_the_raw_files_gives_the_rows_a_view_over_the_imported_files_gives()
    {
        // About half of the generated encounters name their practitioner by identifier (Practitioner?identifier=…).
        var conditional = File.ReadLines(Encounters).Sum(line => System.Text.RegularExpressions.Regex.Count(line, @"Practitioner\?identifier="));
        Assert.True(conditional > 50, $"only {conditional} conditional references generated");
        var raw = Path.Combine(data.Root, "raw.parquet");
        var files = Directory.GetFiles(generated, "*.ndjson").Order(StringComparer.Ordinal).ToArray();

        var (exit, output, error) = await ViewCommandTests.RunAsync(["view", "run", PractitionerViewFile(), .. files, "--out", raw, "--threads", "2"]);
        data.Import(generated);
        var catalog = new AnalyticsCatalog(new DatabaseOptions(DatabaseProvider.Sqlite, "", data.DataDirectory));
        var imported = catalog.Materialise(PractitionerView);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains($"Conditional references: {conditional:N0} resolved, 0 not resolved", output, StringComparison.Ordinal);
        Assert.True(imported.Succeeded, imported.Problem);
        const string Columns = "id, start, practitioner_id";
        var fromFiles = data.Query($"SELECT {Columns} FROM read_parquet('{raw}') ORDER BY ALL");
        var fromStore = data.Query($"SELECT {Columns} FROM encounter_practitioner ORDER BY ALL");
        Assert.Equal(fromStore.Count, fromFiles.Count);
        Assert.Equal(fromStore.Select(row => string.Join('|', row)), fromFiles.Select(row => string.Join('|', row)));
        Assert.Equal(0, data.Count($"SELECT count(*) FROM read_parquet('{raw}') WHERE practitioner_id IS NULL"));
    }

    [Fact]
    public void Every_indicator_view_materialises_rows_from_generated_data()
    {
        data.Import(generated);
        var catalog = new AnalyticsCatalog(new DatabaseOptions(DatabaseProvider.Sqlite, "", data.DataDirectory));
        var views = Directory.GetFiles(Path.Combine(ViewCommandTests.RepositoryRoot(), "src", "LearningHealth", "Indicators", "Views"), "*.json");

        Assert.NotEmpty(views);
        foreach (var view in views)
        {
            var result = catalog.Materialise(File.ReadAllText(view));
            Assert.True(result.Succeeded, result.Problem);
            Assert.True(result.Run!.Rows > 0, $"{Path.GetFileName(view)} gave no rows");
        }
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"resourceType":"ViewDefinition","name":"x","resource":"Encounter","select":[{"column":[{"name":"a","path":"id.fly()"}]}]}""", "fly()")]
    [InlineData("""{"resourceType":"ViewDefinition","name":"resources","resource":"Encounter","status":"active","select":[{"column":[{"name":"a","path":"id"}]}]}""", "store's own tables")]
    [InlineData("""{"resourceType":"ViewDefinition","resource":"Encounter","status":"active","select":[{"column":[{"name":"a","path":"id"}]}]}""", "name is required")]
    public void An_unusable_view_is_refused_with_a_clear_message(string json, string expected)
    {
        var catalog = new AnalyticsCatalog(new DatabaseOptions(DatabaseProvider.Sqlite, "", data.DataDirectory));

        var result = catalog.Materialise(json);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Problem, StringComparison.Ordinal);
    }

    private sealed class FailingWriter : IRowBatchWriter
    {
        public void Write(IReadOnlyList<RowBatch> rowGroup) => throw new IOException("disk full");

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class CountingWriter : IRowBatchWriter
    {
        public void Write(IReadOnlyList<RowBatch> rowGroup)
        {
        }

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}
