using Hl7.Fhir.Serialization;
using LearningHealth.Cli;
using LearningHealth.Demo;
using R4 = Hl7.Fhir.Model;

namespace LearningHealth.Tests.Teams;

public sealed class TeamCommandsTests
{
    private const string Header = ImportFiles.Header;
    private const string Host = SeedDemoOrganisation.HostName;

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<string> SeededDataDirAsync()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-team-cli-").FullName;
        var seed = await RunAsync("demo", "seed", "--data-dir", dir);
        Assert.Equal(0, seed.Exit);
        return dir;
    }

    private static string WriteFile(string dir, string name, params string[] rows)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, string.Join("\r\n", [Header, .. rows]) + "\r\n");
        return path;
    }

    [Theory]
    [InlineData("team", "import")]
    [InlineData("team", "export")]
    [InlineData("team", "fhir")]
    public async Task Every_team_command_has_help(params string[] command)
    {
        var (exit, output, _) = await RunAsync([.. command, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Team_import_reports_counts_and_team_export_and_fhir_write_their_files()
    {
        var dir = await SeededDataDirAsync();
        var file = WriteFile(dir, "team.csv",
            $"Ann,Jones,ann.jones@cli.example,,Researcher,,,,Employed,{Host},Research manager,0.5,2024-01-01,",
            $"Ann,Jones,ann.jones@cli.example,,Researcher,,,,Seconded,University of Northfield,Research fellow,0.2,2023-01-01,2023-12-31");

        var first = await RunAsync("team", "import", file, "--data-dir", dir);
        var again = await RunAsync("team", "import", file, "--data-dir", dir);
        var csv = Path.Combine(dir, "out", "team.csv");
        var export = await RunAsync("team", "export", "--out", csv, "--data-dir", dir);
        var json = Path.Combine(dir, "team.json");
        var fhir = await RunAsync("team", "fhir", "--out", json, "--data-dir", dir);

        Assert.Equal((0, ""), (first.Exit, first.Error));
        Assert.Contains("1 people created, 0 matched existing people, 2 engagements added, 0 duplicates skipped, 0 rows rejected.", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.Exit);
        Assert.Contains("line 2: matched existing person Ann Jones by e-mail", again.Output, StringComparison.Ordinal);
        Assert.Contains("0 people created, 1 matched existing people, 0 engagements added, 2 duplicates skipped, 0 rows rejected.", again.Output, StringComparison.Ordinal);

        Assert.Equal(0, export.Exit);
        Assert.StartsWith("Exported ", export.Output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(Header, lines[0]);
        Assert.Contains("Ann,Jones,ann.jones@cli.example,,Researchers,,,,Seconded,University of Northfield,Research fellow,0.2,2023-01-01,2023-12-31", lines);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "out"), "*.tmp"));

        Assert.Equal(0, fhir.Exit);
        var bundle = new FhirJsonDeserializer().Deserialize<R4.Bundle>(await File.ReadAllTextAsync(json));
        Assert.Contains(bundle.Entry, e => e.Resource is R4.Practitioner p && p.Name[0].Family == "Jones" && p.Telecom.Any(t => t.Value == "ann.jones@cli.example"));
        Assert.Contains(bundle.Entry, e => e.Resource is R4.CareTeam { Participant.Count: > 0 });
    }

    [Fact]
    public async Task Team_import_of_a_file_with_bad_rows_imports_nothing_and_exits_1_unless_told_to_import_the_valid_rows()
    {
        var dir = await SeededDataDirAsync();
        var file = WriteFile(dir, "team.csv",
            $"Ann,Jones,ann.jones@cli.example,,Researcher,,,,Employed,{Host},Research manager,0.5,2024-01-01,",
            $"Bob,Jones,bob.jones@cli.example,,Researcher,,,,Employed,{Host},Research manager,0.5,31/02/2025,",
            $"Cat,Jones,cat.jones@cli.example,,Researcher,,,,Employed,Nowhere Trust,Research manager,0.5,2024-01-01,");

        var refused = await RunAsync("team", "import", file, "--data-dir", dir);
        var partial = await RunAsync("team", "import", file, "--valid-rows-only", "--data-dir", dir);
        var export = await RunAsync("team", "export", "--data-dir", dir);

        Assert.Equal(1, refused.Exit);
        Assert.Equal(
            [
                "lhs: line 3, column start_date: '31/02/2025' is not a date (write dates as yyyy-MM-dd)",
                "lhs: line 4, column organisation: there is no organisation called 'Nowhere Trust'; add it first, or use the name it has in LearningHealth",
            ],
            refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Nothing imported: 2 of 3 rows rejected.", refused.Output, StringComparison.Ordinal);

        Assert.Equal(0, partial.Exit);
        Assert.Equal(2, partial.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("1 people created", partial.Output, StringComparison.Ordinal);

        Assert.Equal(0, export.Exit);
        Assert.StartsWith(Header, export.Output, StringComparison.Ordinal);
        Assert.Contains("ann.jones@cli.example", export.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bob.jones@cli.example", export.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Team_import_of_a_file_that_is_not_there_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-team-cli-").FullName;

        var (exit, output, error) = await RunAsync("team", "import", Path.Combine(dir, "missing.csv"), "--data-dir", dir);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.StartsWith("lhs: there is no file ", error, StringComparison.Ordinal);
    }
}
