using LearningHealth.Cli;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed class FeedbackCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LhsCommand.Create(output, error).Parse(args).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Publish_without_routine_data_says_so_and_exits_1()
    {
        var dataDir = Directory.CreateTempSubdirectory("lhs-feedback-cli-").FullName;
        try
        {
            var (exit, output, error) = await Run("feedback", "publish", "--data-dir", dataDir);
            Assert.Equal(1, exit);
            Assert.Equal("", output);
            Assert.StartsWith("lhs: There is no routine data", error, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Publish_publishes_the_latest_month_once()
    {
        await using var services = await FeedbackServices.CreateAsync(TestDatabase.Sqlite);

        var (exit, output, error) = await Run("feedback", "publish", "--data-dir", services.Database.DataDir);
        Assert.True(exit == 0, error);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        Assert.StartsWith($"Feedback cycle {month:MMMM yyyy} published:", output, StringComparison.Ordinal);

        var again = await Run("feedback", "publish", "--data-dir", services.Database.DataDir);
        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("already published", again.Output, StringComparison.Ordinal);
        Assert.Contains(" 0 newly notified", again.Output, StringComparison.Ordinal);
        await using var db = services.NewDbContext();
        Assert.Equal(1, await db.FeedbackCycles.CountAsync());
    }
}
