using LearningHealth.Cli;

namespace LearningHealth.Tests.Composition;

public sealed class ProposeCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Lhs_propose_prints_the_teams_and_what_each_leaves_unmet()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-cli-").FullName;
        await RunAsync("demo", "seed", "--data-dir", dir);

        var (exit, output, error) = await RunAsync("propose", "frailty pathway redesign", "--alternatives", "2", "--max-size", "8", "--time-limit", "5", "--data-dir", dir);
        var unknown = await RunAsync("propose", "No such initiative", "--data-dir", dir);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.StartsWith("Proposed teams for Frailty pathway redesign", output, StringComparison.Ordinal);
        Assert.Contains("Team 1: ", output, StringComparison.Ordinal);
        Assert.Contains("Team 2: ", output, StringComparison.Ordinal);
        Assert.Contains("  Unmet: ", output, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("no initiative has the id or title \"No such initiative\"", unknown.Error, StringComparison.Ordinal);
    }
}
