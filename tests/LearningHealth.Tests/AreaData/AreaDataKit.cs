using LearningHealth.AreaData;
using LearningHealth.Persistence;
using LearningHealth.Tests.Indicators;

namespace LearningHealth.Tests.AreaData;

/// <summary>A clock that reads a set time, moved on by hand.</summary>
internal sealed class SetClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>A temporary analytics DuckDB file with the shipped view tables, and the area data handlers on it.</summary>
internal sealed class AreaDataKit : IDisposable
{
    public AreaDataKit(bool views = true)
    {
        if (views)
        {
            ViewTables.Create(Db);
        }

        Options = new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=unused.db", System.IO.Path.GetDirectoryName(Db.Path)!);
    }

    public TempDuckDb Db { get; } = new();
    public DatabaseOptions Options { get; }
    public SetClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    public ImportAreaData Importer => new(Options, Clock);

    public AreaImportResult Import(string csv, string name = "test-areas", string areaType = "postcode_district") =>
        Importer.Handle(Command(name, areaType), new StringReader(csv));

    public static ImportAreaDataCommand Command(string name = "test-areas", string areaType = "postcode_district") => new()
    {
        Name = name,
        AreaType = areaType,
        Source = "Test source",
        Licence = "Open Government Licence v3.0",
        DataDate = "2025-06-30",
    };

    public void Dispose() => Db.Dispose();
}
