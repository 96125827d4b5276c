using LearningHealth.Persistence;
using Microsoft.Extensions.Configuration;

namespace LearningHealth.Tests.Infrastructure;

public sealed class DatabaseOptionsTests
{
    private static DatabaseOptions From(params (string Key, string Value)[] settings) =>
        DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

    [Fact]
    public void With_no_settings_the_database_is_sqlite_in_the_data_folder()
    {
        var options = From();
        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal(Path.GetFullPath("data"), options.DataDirectory);
        Assert.Equal($"Data Source={Path.Combine(Path.GetFullPath("data"), "learninghealth.db")}", options.ConnectionString);
    }

    [Fact]
    public void Data_dir_setting_moves_the_sqlite_file()
    {
        var options = From(("DataDir", "/tmp/lhs-elsewhere"));
        Assert.Equal("Data Source=/tmp/lhs-elsewhere/learninghealth.db", options.ConnectionString);
    }

    [Fact]
    public void A_postgres_connection_string_selects_postgres_and_hides_the_password_when_described()
    {
        var options = From(("Db", "Host=127.0.0.1;Port=5433;Database=lhs;Username=lhs;Password=secret"));
        Assert.Equal(DatabaseProvider.Postgres, options.Provider);
        Assert.DoesNotContain("secret", options.Describe(), StringComparison.Ordinal);
        Assert.Contains("Database=lhs", options.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_db_file_path_selects_sqlite()
    {
        var options = From(("Db", "/var/lib/lhs/other.db"));
        Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
        Assert.Equal("Data Source=/var/lib/lhs/other.db", options.ConnectionString);
    }
}
