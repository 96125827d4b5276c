using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;

namespace LearningHealth.Indicators;

/// <summary>
/// A table derived from view tables that several indicators read, such as each patient's first contact in each
/// month. Like the registers of a quality framework, it is defined once (JSON in <c>Indicators/Shared/</c>), built once
/// per computation for every indicator that names it in <see cref="IndicatorDefinition.Shared"/>, and rebuilt only
/// when its definition or its view tables change. Without it, every patient-month indicator grouped five million
/// encounters by patient and month again.
/// </summary>
public sealed record SharedTable
{
    /// <summary>The table's name in the analytics file; indicator SQL reads it by this name.</summary>
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }

    /// <summary>What a row is, and the rules that make it (which contact is "first", how ties are broken).</summary>
    public required string Description { get; init; }

    /// <summary>The view tables the SQL reads.</summary>
    public required IReadOnlyList<string> Views { get; init; }

    /// <summary>One query (SELECT, WITH or FROM) whose rows become the table.</summary>
    public required string Sql { get; init; }

    /// <summary>A SHA-256 of everything that changes the table's rows.</summary>
    public string DefinitionHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', Name, Version, string.Join(',', Views), Sql))));
}

/// <summary>The built-in shared tables (JSON files in <c>Indicators/Shared/</c>, embedded in the assembly).</summary>
public static class SharedTables
{
    private const string ResourcePrefix = "LearningHealth.Indicators.Shared.";
    private static readonly Lazy<IReadOnlyList<SharedTable>> Lazy = new(LoadBuiltIn);

    /// <summary>The built-in shared tables, ordered by name.</summary>
    public static IReadOnlyList<SharedTable> BuiltIn => Lazy.Value;

    /// <summary>The built-in shared table of this name, or null.</summary>
    public static SharedTable? Find(string name) => BuiltIn.FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// Common table expressions (<c>name AS (…),</c> each followed by a new line) for the shared tables
    /// <paramref name="indicator"/> reads that the analytics file does not hold yet, to put after <c>WITH</c>, so that
    /// queries over its denominator (patient lists, stratification) work before a computation has built them.
    /// </summary>
    public static string MissingAsCtes(DuckDBConnection connection, IndicatorDefinition indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        var text = new StringBuilder();
        foreach (var table in indicator.Shared.Select(Find).OfType<SharedTable>().Where(t => !ComputeIndicators.TableExists(connection, t.Name)))
        {
            text.Append(table.Name).Append(" AS (\n").Append(table.Sql).Append("\n),\n");
        }

        return text.ToString();
    }

    private static IReadOnlyList<SharedTable> LoadBuiltIn()
    {
        var assembly = typeof(SharedTables).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => IndicatorDefinitionReader.ParseShared(IndicatorLibrary.Read(assembly, n), n[ResourcePrefix.Length..]))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];
    }
}
