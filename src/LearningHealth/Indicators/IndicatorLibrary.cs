using System.Reflection;

namespace LearningHealth.Indicators;

/// <summary>
/// The built-in indicators (JSON files in <c>Indicators/Library/</c>, embedded in the assembly) and any further
/// indicator files in a folder.
/// </summary>
public static class IndicatorLibrary
{
    private const string ResourcePrefix = "LearningHealth.Indicators.Library.";
    private static readonly Lazy<IReadOnlyList<IndicatorDefinition>> Lazy = new(LoadBuiltIn);

    /// <summary>The built-in library, ordered by id.</summary>
    public static IReadOnlyList<IndicatorDefinition> BuiltIn => Lazy.Value;

    /// <summary>The built-in indicators followed by the <c>*.json</c> files in <paramref name="folder"/> (which may replace a built-in one by id).</summary>
    public static IReadOnlyList<IndicatorDefinition> Load(string? folder)
    {
        var byId = BuiltIn.ToDictionary(d => d.Id, StringComparer.Ordinal);
        if (folder is not null && Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                var definition = IndicatorDefinitionReader.Parse(File.ReadAllText(file), Path.GetFileName(file));
                byId[definition.Id] = definition;
            }
        }

        return [.. byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    private static IReadOnlyList<IndicatorDefinition> LoadBuiltIn()
    {
        var assembly = typeof(IndicatorLibrary).Assembly;
        var list = new List<IndicatorDefinition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            list.Add(IndicatorDefinitionReader.Parse(Read(assembly, name), name[ResourcePrefix.Length..]));
        }

        var duplicate = list.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new IndicatorDefinitionException($"The built-in library has two indicators with id '{duplicate.Key}'.");
        }

        return [.. list.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    internal static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>The SQL-on-FHIR ViewDefinitions the built-in indicators read (JSON in <c>Indicators/Views/</c>, embedded).</summary>
public static class IndicatorViews
{
    private const string ResourcePrefix = "LearningHealth.Indicators.Views.";

    /// <summary>View name (the file name without <c>.json</c>) to ViewDefinition JSON, ordered by name.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = LoadAll();

    private static SortedDictionary<string, string> LoadAll()
    {
        var assembly = typeof(IndicatorViews).Assembly;
        var views = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            views[Path.GetFileNameWithoutExtension(name[ResourcePrefix.Length..])] = IndicatorLibrary.Read(assembly, name);
        }

        return views;
    }
}
