using System.Text.Json;
using LearningHealth.Cli;

namespace LearningHealth.Tests.Fhir;

public sealed class ViewCommandTests
{
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The repository's root folder, found from the test assembly's folder.</summary>
    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LearningHealth.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("LearningHealth.slnx not found above the test folder.");
    }

    [Fact]
    public async Task View_test_passes_every_shareable_test_of_the_vendored_suite_and_writes_the_official_report()
    {
        var suite = Path.Combine(RepositoryRoot(), "tests", "LearningHealth.SqlOnFhir.Tests", "conformance", "tests");
        var report = Path.Combine(Directory.CreateTempSubdirectory("lhs-view-").FullName, "test_report.json");

        var (exit, output, error) = await RunAsync("view", "test", suite, "--report", report);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("0 failed", output, StringComparison.Ordinal);

        // Every shareable test of the suite files is in the report, and passed.
        var shareable = 0;
        using var written = JsonDocument.Parse(File.ReadAllBytes(report));
        foreach (var file in Directory.GetFiles(suite, "*.json"))
        {
            using var suiteFile = JsonDocument.Parse(File.ReadAllBytes(file));
            var fileTags = Tags(suiteFile.RootElement);
            var results = written.RootElement.GetProperty(Path.GetFileName(file)).GetProperty("tests").EnumerateArray()
                .ToDictionary(test => test.GetProperty("name").GetString()!, test => test.GetProperty("result").GetProperty("passed").GetBoolean());
            foreach (var test in suiteFile.RootElement.GetProperty("tests").EnumerateArray())
            {
                if (fileTags.Concat(Tags(test)).Contains("shareable"))
                {
                    shareable++;
                    Assert.True(results[test.GetProperty("title").GetString()!], $"{Path.GetFileName(file)}: {test.GetProperty("title").GetString()}");
                }
            }
        }

        Assert.Equal(123, shareable);
    }

    [Fact]
    public async Task View_test_of_a_missing_folder_is_one_line_on_standard_error()
    {
        var (exit, _, error) = await RunAsync("view", "test", "/no/such/folder");

        Assert.Equal(1, exit);
        Assert.StartsWith("lhs: ", error, StringComparison.Ordinal);
    }

    private static List<string> Tags(JsonElement element) =>
        element.TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(tag => tag.GetString()!).ToList() : [];
}
