namespace LearningHealth.Tests.Fhir;

public sealed class FhirCommandTests : IDisposable
{
    private readonly FhirTestData data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Generate_then_import_prints_a_summary_and_a_second_import_skips_every_file()
    {
        var folder = Path.Combine(data.Root, "generated");

        var generate = await ViewCommandTests.RunAsync("fhir", "generate", "--patients", "30", "--practitioners", "4", "--years", "1", "--seed", "2", "--out", folder);
        var import = await ViewCommandTests.RunAsync("fhir", "import", folder, "--data-dir", data.DataDirectory);
        var again = await ViewCommandTests.RunAsync("fhir", "import", folder, "--data-dir", data.DataDirectory);

        Assert.Equal(0, generate.Exit);
        Assert.Contains("Encounter", generate.Output, StringComparison.Ordinal);
        Assert.Equal(0, import.Exit);
        Assert.Matches(@"Read [\d,]+ resources", import.Output);
        Assert.Contains("Practitioner", import.Output, StringComparison.Ordinal);
        Assert.Contains("Conditional references:", import.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.Exit);
        Assert.Contains("Skipped 10 file(s)", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reports_quarantined_lines_and_a_failed_file_with_exit_code_2()
    {
        var good = data.Write("Patient.ndjson", FhirTestData.Patient("p1") + "\nnot json\n");
        var cut = Path.Combine(data.Root, "in", "Cut.ndjson.gz");
        await File.WriteAllBytesAsync(cut, [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a]);

        var (exit, output, _) = await ViewCommandTests.RunAsync("fhir", "import", good, cut, "--data-dir", data.DataDirectory);

        Assert.Equal(2, exit);
        Assert.Contains("1 quarantined", output, StringComparison.Ordinal);
        Assert.Contains("failed", output, StringComparison.Ordinal);
        Assert.Contains(data.QuarantinePath, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_missing_file_is_one_line_on_standard_error()
    {
        var (exit, _, error) = await ViewCommandTests.RunAsync("fhir", "import", "/no/such/file.ndjson", "--data-dir", data.DataDirectory);

        Assert.Equal(1, exit);
        Assert.StartsWith("lhs: /no/such/file.ndjson: no such file or folder.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fhir", "import")]
    [InlineData("fhir", "generate")]
    [InlineData("view", "test")]
    [InlineData("view", "run")]
    [InlineData("view", "materialise")]
    public async Task Every_routine_data_command_has_help(params string[] command)
    {
        var (exit, output, _) = await ViewCommandTests.RunAsync([.. command, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task View_run_needs_an_output()
    {
        var (exit, _, error) = await ViewCommandTests.RunAsync("view", "run", "view.json", "x.ndjson");

        Assert.Equal(1, exit);
        Assert.StartsWith("lhs: ", error, StringComparison.Ordinal);
    }
}
