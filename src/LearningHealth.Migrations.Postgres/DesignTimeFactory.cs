using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearningHealth.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for PostgreSQL without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        LearningHealthServices.ConfigureDatabase(options, new DatabaseOptions(DatabaseProvider.Postgres, "Host=localhost;Database=design", "."));
        return new AppDbContext(options.Options);
    }
}
