using LearningHealth.Cli;

namespace LearningHealth.Tests.Foundation;

public sealed class CliTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "serve", "db", "demo", "users" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("db", "migrate")]
    [InlineData("demo", "seed")]
    [InlineData("users", "add")]
    public async Task Every_command_has_help(params string[] command)
    {
        var (exit, output, _) = await RunAsync([.. command, "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_creates_the_database_then_reports_it_up_to_date()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-cli-").FullName;

        var first = await RunAsync("db", "migrate", "--data-dir", dir);
        var second = await RunAsync("db", "migrate", "--data-dir", dir);

        Assert.Equal(0, first.Exit);
        Assert.Contains("applied", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "learninghealth.db")));
        Assert.Equal(0, second.Exit);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_seed_prints_an_account_for_every_role_and_users_list_shows_them()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-cli-").FullName;

        var seed = await RunAsync("demo", "seed", "--data-dir", dir);
        var list = await RunAsync("users", "list", "--data-dir", dir);

        Assert.Equal(0, seed.Exit);
        Assert.Contains("Demo organisation created", seed.Output, StringComparison.Ordinal);
        Assert.Equal(7, seed.Output.Split('\n').Count(l => l.Contains("@northfield.example", StringComparison.Ordinal)));
        Assert.Contains("workforceplanner@northfield.example", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_one_plain_line_on_stderr_and_a_non_zero_exit()
    {
        var (exit, output, error) = await RunAsync("db", "migrate", "--db", "Host=127.0.0.1;Port=1;Database=lhs;Username=lhs;Timeout=2");

        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        Assert.StartsWith("lhs: cannot reach the database", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Users_add_with_an_unknown_role_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("lhs-cli-").FullName;

        var (exit, _, error) = await RunAsync("users", "add", "--data-dir", dir, "--email", "a@test.example", "--name", "A", "--role", "Wizard");

        Assert.Equal(1, exit);
        Assert.Contains("Unknown role Wizard", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_option_is_an_error()
    {
        var (exit, _, error) = await RunAsync("users", "add", "--email", "a@test.example");
        Assert.NotEqual(0, exit);
        Assert.Contains("--name", error, StringComparison.Ordinal);
    }
}
