using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using LearningHealth.Persistence;
using LearningHealth.SqlOnFhir;

namespace LearningHealth.Fhir;

/// <summary>Imported resources of one type.</summary>
public sealed record DataSetSummary(string ResourceType, long Count, DateTime? LastImported);

/// <summary>A view materialised as a table of the analytics store, with its first rows.</summary>
public sealed record MaterialisedView(string Name, string Resource, long RowCount, DateTime MaterialisedAt, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> FirstRows);

/// <summary>
/// What the analytics store holds, for pages and other features: imported data sets and materialised views; and
/// materialising a ViewDefinition into a table. Reads and writes <c>analytics.duckdb</c> in the data folder.
/// </summary>
public sealed partial class AnalyticsCatalog(DatabaseOptions database, TimeProvider? timeProvider = null)
{
    private static readonly HashSet<string> StoreTables = new(["resources", "identifiers", "import_progress", "import_state", "materialised_views"], StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public string DataDirectory => database.DataDirectory;

    /// <summary>True once something has been imported or materialised (the store file exists).</summary>
    public bool Exists => File.Exists(AnalyticsStore.PathFor(database.DataDirectory));

    /// <summary>Resources by type with when each type was last imported.</summary>
    public IReadOnlyList<DataSetSummary> ListDataSets()
    {
        if (!Exists)
        {
            return [];
        }

        using var connection = AnalyticsStore.Open(database.DataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT r.resource_type, count(*), max(p.updated_at)
            FROM resources r LEFT JOIN import_progress p ON p.path = r.source_file
            GROUP BY r.resource_type ORDER BY r.resource_type
            """;
        using var reader = command.ExecuteReader();
        var result = new List<DataSetSummary>();
        while (reader.Read())
        {
            result.Add(new DataSetSummary(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2)));
        }

        return result;
    }

    /// <summary>Materialised views in name order, each with up to <paramref name="firstRows"/> rows.</summary>
    /// <summary>
    /// The ViewDefinition JSON of every view materialised in the analytics file at <paramref name="analyticsPath"/>,
    /// by name (ordered); empty when there is no file or nothing materialised yet.
    /// </summary>
    public static IReadOnlyList<(string Name, string Definition)> MaterialisedDefinitions(string analyticsPath)
    {
        var definitions = new List<(string, string)>();
        if (!File.Exists(analyticsPath))
        {
            return definitions;
        }

        using var connection = Indicators.ComputeIndicators.Open(analyticsPath, readOnly: true);
        if (!Indicators.ComputeIndicators.TableExists(connection, "materialised_views"))
        {
            return definitions;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, definition FROM materialised_views ORDER BY name";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            definitions.Add((reader.GetString(0), reader.GetString(1)));
        }

        return definitions;
    }

    public IReadOnlyList<MaterialisedView> ListViews(int firstRows = 5)
    {
        if (!Exists)
        {
            return [];
        }

        using var connection = AnalyticsStore.Open(database.DataDirectory);
        var views = new List<(string Name, string Table, string Resource, long Rows, DateTime At)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, table_name, resource, row_count, materialised_at FROM materialised_views ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                views.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetDateTime(4)));
            }
        }

        var result = new List<MaterialisedView>();
        foreach (var view in views)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {AnalyticsStore.Quote(view.Table)} LIMIT {Math.Max(0, firstRows)}";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
            }

            result.Add(new MaterialisedView(view.Name, view.Resource, view.Rows, view.At, columns, rows));
        }

        return result;
    }

    /// <summary>
    /// Validates a ViewDefinition and materialises it from the imported resources into a table named after the view.
    /// Problems (invalid JSON, an invalid view, an unusable name) come back as one message each, not as exceptions.
    /// </summary>
    public MaterialiseResult Materialise(string viewJson, int threads = 1, CancellationToken cancellationToken = default)
    {
        CompiledView view;
        try
        {
            view = ViewDefinition.Parse(viewJson ?? string.Empty);
        }
        catch (ViewDefinitionException error)
        {
            return MaterialiseResult.Invalid(error.Message);
        }
        catch (System.Text.Json.JsonException error)
        {
            return MaterialiseResult.Invalid($"The ViewDefinition is not valid JSON: {error.Message}");
        }

        if (TableNameProblem(view.Name) is { } problem)
        {
            return MaterialiseResult.Invalid(problem);
        }

        using var connection = AnalyticsStore.Open(database.DataDirectory);
        using var reading = new DuckDBConnection(connection.ConnectionString);
        reading.Open();
        using var writer = new DuckDbTableWriter(connection, view.Name!, view.Resource, viewJson!, view.Columns, clock);
        var result = ViewRunner.Run(view, ViewRunner.StoreBlocks(reading, view.Resource), writer, threads, cancellationToken: cancellationToken);
        return new MaterialiseResult(view.Name, result, null);
    }

    /// <summary>Why a view's name cannot name its table, or null when it can.</summary>
    public static string? TableNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "ViewDefinition.name is required to materialise a view: it names the table.";
        }

        if (!TableName().IsMatch(name))
        {
            return $"ViewDefinition.name '{name}' cannot name a table: use letters, digits and underscores, starting with a letter (at most 63).";
        }

        return StoreTables.Contains(name) ? $"ViewDefinition.name '{name}' is the name of one of the store's own tables; choose another." : null;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableName();
}

/// <summary>The outcome of materialising a view: the run's figures, or why the view was refused.</summary>
public sealed record MaterialiseResult(string? Name, ViewRunResult? Run, string? Problem)
{
    public bool Succeeded => Problem is null;

    public static MaterialiseResult Invalid(string problem) => new(null, null, problem);
}
