using LearningHealth.Persistence;

namespace LearningHealth.Indicators;

/// <summary>
/// The indicators the app computes and shows: the built-in library and the indicator files analysts add to the
/// library folder (<c>indicators/</c> in the data folder). A file with a built-in id replaces that indicator. The
/// folder is looked at on each use and read again when a file in it is added, changed or removed, so an analyst's
/// new file counts from the next computation without a restart. A file that does not parse is left out and reported
/// in <see cref="Problems"/> with its name and field, and the other indicators go on working.
/// </summary>
public sealed class IndicatorCatalog
{
    public const string FolderName = "indicators";

    private readonly Lock gate = new();
    private string fingerprint = "";
    private (IReadOnlyList<IndicatorDefinition> All, IReadOnlyList<string> Problems) current = (IndicatorLibrary.BuiltIn, []);

    public IndicatorCatalog(string folder) => Folder = folder;

    public IndicatorCatalog(DatabaseOptions database)
        : this(FolderIn(database?.DataDirectory ?? throw new ArgumentNullException(nameof(database))))
    {
    }

    /// <summary>The library folder: analysts' indicator files (<c>*.json</c>) go here.</summary>
    public string Folder { get; }

    /// <summary>Every indicator, built-in and the folder's, ordered by id.</summary>
    public IReadOnlyList<IndicatorDefinition> All => Read().All;

    /// <summary>Files in the folder that were left out, each with what is wrong.</summary>
    public IReadOnlyList<string> Problems => Read().Problems;

    public static string FolderIn(string dataDirectory) => Path.Combine(dataDirectory, FolderName);

    public IndicatorDefinition? Find(string? id) => All.FirstOrDefault(i => i.Id == id);

    /// <summary>An indicator's title, or its id when it is no longer in the catalog.</summary>
    public string TitleOf(string indicatorId) => Find(indicatorId)?.Title ?? indicatorId;

    /// <summary>
    /// <see cref="TitleOf"/> for naming many rows: the catalog as it is now, looked at once rather than once a row.
    /// </summary>
    public Func<string, string> Titles()
    {
        var titles = All.ToDictionary(i => i.Id, i => i.Title, StringComparer.Ordinal);
        return id => titles.GetValueOrDefault(id, id);
    }

    private (IReadOnlyList<IndicatorDefinition> All, IReadOnlyList<string> Problems) Read()
    {
        var files = Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(f => new FileInfo(f)).ToList()
            : [];
        var seen = string.Join('\n', files.Select(f => $"{f.Name}|{f.Length}|{f.LastWriteTimeUtc.Ticks}"));
        lock (gate)
        {
            if (seen != fingerprint)
            {
                current = Load(files);
                fingerprint = seen;
            }

            return current;
        }
    }

    private static (IReadOnlyList<IndicatorDefinition>, IReadOnlyList<string>) Load(IReadOnlyList<FileInfo> files)
    {
        var byId = IndicatorLibrary.BuiltIn.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var definition = IndicatorDefinitionReader.Parse(File.ReadAllText(file.FullName), file.Name);
                byId[definition.Id] = definition;
            }
            catch (IndicatorDefinitionException e)
            {
                problems.Add(e.Message);
            }
            catch (IOException e)
            {
                problems.Add($"{file.Name}: could not be read ({e.Message}).");
            }
        }

        return ([.. byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal)], problems);
    }
}
