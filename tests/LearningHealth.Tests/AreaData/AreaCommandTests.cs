using System.Text.Json;
using LearningHealth.Cli;

namespace LearningHealth.Tests.AreaData;

public sealed class AreaCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lhs-area-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    private string[] Import(string file, string name) =>
        ["area", "import", file, "--data-dir", folder, "--name", name, "--area-type", "postcode_district", "--source", "Test", "--licence", "OGL v3.0", "--date", "2025-06-30"];

    [Fact]
    public async Task Import_then_list_shows_the_data_set_and_a_bad_file_lists_its_problems_and_writes_nothing()
    {
        var good = Path.Combine(folder, "good.csv");
        var bad = Path.Combine(folder, "bad.csv");
        await File.WriteAllTextAsync(good, "area_code,deprivation_decile,rurality\nLS6,2,urban\nYO10,9,rural\n");
        await File.WriteAllTextAsync(bad, "area_code,deprivation_decile\nLS6,2\nLS6,0\n");

        var imported = await Run(Import(good, "cli-areas"));
        var refused = await Run(Import(bad, "cli-bad"));
        var listed = await Run("area", "list", "--data-dir", folder);

        Assert.True(imported.Exit == 0, imported.Error);
        Assert.Contains("Imported cli-areas version 1: 2 areas (postcode_district), measures deprivation_decile, rurality.", imported.Output, StringComparison.Ordinal);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("line 3, column area_code: LS6 is also on line 2", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, listed.Exit);
        using var json = JsonDocument.Parse(listed.Output);
        var only = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("cli-areas", only.GetProperty("name").GetString());
        Assert.Equal(2, only.GetProperty("areas").GetInt32());
        Assert.Equal("text", only.GetProperty("measures")[1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_missing_option_or_file_is_an_error()
    {
        var missing = await Run("area", "import", Path.Combine(folder, "none.csv"), "--data-dir", folder, "--name", "x", "--area-type", "lsoa", "--source", "s", "--licence", "l", "--date", "2025-01-01");
        var noName = await Run("area", "import", Path.Combine(folder, "none.csv"), "--data-dir", folder);

        Assert.Equal(1, missing.Exit);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, noName.Exit);
    }
}
