using LearningHealth.Indicators;

namespace LearningHealth.Tests.Indicators;

public sealed class AnalyticsReadCacheTests
{
    [Fact]
    public async Task A_read_is_remembered_until_the_file_or_its_write_ahead_log_changes()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("lhs-cache-").FullName, "analytics.duckdb");
        await File.WriteAllTextAsync(path, "v1");
        var reads = 0;
        string Read() => $"read {++reads}";

        var first = AnalyticsReadCache.GetOrRead(path, "k", Read);
        var again = AnalyticsReadCache.GetOrRead(path, "k", Read);
        var other = AnalyticsReadCache.GetOrRead(path, "other", Read);
        await File.AppendAllTextAsync(path + ".wal", "a commit");
        var afterWal = AnalyticsReadCache.GetOrRead(path, "k", Read);
        await File.WriteAllTextAsync(path, "version two");
        var afterWrite = AnalyticsReadCache.GetOrRead(path, "k", Read);

        Assert.Equal("read 1", first);
        Assert.Same(first, again);
        Assert.Equal("read 2", other);
        Assert.Equal("read 3", afterWal);
        Assert.Equal("read 4", afterWrite);
    }
}
