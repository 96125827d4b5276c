using System.Globalization;
using LearningHealth.Hosting;

namespace LearningHealth.Skills;

/// <summary>
/// Moodle's competency framework CSV, as its import tool reads and its export writes: 14 columns, one row for the
/// framework (Is framework = 1, with the scale) and one per competency, the tree given by Parent ID number.
/// Moodle has no level descriptors or publisher, so those do not survive a trip through this format.
/// </summary>
public static class MoodleFrameworkCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values", "Scale configuration",
        "Rule type", "Rule outcome", "Rule config", "Related ID numbers", "Export ID", "Is framework", "Taxonomy",
    ];

    public static string Write(FrameworkDocument document)
    {
        var depth = Depths(document);
        var maxDepth = depth.Count == 0 ? 0 : depth.Values.Max();
        var taxonomy = string.Join(",", Enumerable.Range(0, maxDepth + 1).Select(d => d == maxDepth ? "competency" : "domain"));
        var scaleConfiguration = document.Levels.Count == 0
            ? ""
            : "[{\"scaleid\":\"0\"}," + string.Join(",", document.Levels.Select(l =>
                $"{{\"id\":{l.Number.ToString(CultureInfo.InvariantCulture)},\"scaledefault\":{(l.Number == 1 ? 1 : 0)},\"proficient\":{(l.Number >= Proficient(document) ? 1 : 0)}}}")) + "]";
        var rows = new List<IReadOnlyList<string>>
        {
            Columns,
            new[] { "", document.Key, document.Name, document.Description, "1", string.Join(",", document.Levels.Select(l => l.Name)), scaleConfiguration,
                "", "", "", "", document.Key, "1", taxonomy },
        };
        rows.AddRange(document.Competencies.Select(c => (IReadOnlyList<string>)
            [c.Parent ?? "", c.Code, c.Name, c.Description, "1", "", "", "", "", "", "", c.Code, "0", ""]));
        return Csv.Write(rows);
    }

    /// <summary>The lowest level Moodle should treat as proficient: the third of four, or the top of a shorter scale.</summary>
    private static int Proficient(FrameworkDocument document) => Math.Min(3, document.Levels.Count);

    private static Dictionary<string, int> Depths(FrameworkDocument document)
    {
        var parents = document.Competencies.ToDictionary(c => c.Code, c => c.Parent, StringComparer.Ordinal);
        var depths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in parents.Keys)
        {
            var depth = 0;
            for (var p = parents[code]; p is not null && depth < parents.Count && parents.TryGetValue(p, out var next); p = next)
            {
                depth++;
            }

            depths[code] = depth;
        }

        return depths;
    }

    public static Outcome<FrameworkDocument> Parse(string text)
    {
        var (rows, error) = Csv.Read(text);
        if (error is not null)
        {
            return new Problem(error, "File");
        }

        if (rows.Count < 2)
        {
            return new Problem("The file needs Moodle's header row and a framework row.", "File");
        }

        if (rows[0].Fields.Count != Columns.Count || !rows[0].Fields.Select(f => f.Trim()).SequenceEqual(Columns, StringComparer.OrdinalIgnoreCase))
        {
            return new Problem($"line {rows[0].Line}: the header must be Moodle's {Columns.Count} columns: {string.Join(", ", Columns)}.", "File");
        }

        var problems = new List<Problem>();
        foreach (var row in rows.Skip(1).Where(r => r.Fields.Count != Columns.Count))
        {
            problems.Add(new Problem($"line {row.Line}: expected {Columns.Count} columns, found {row.Fields.Count}.", "File"));
        }

        if (problems.Count > 0)
        {
            return Outcome<FrameworkDocument>.Fail(problems);
        }

        var frameworkRows = rows.Skip(1).Where(r => r.Fields[12].Trim() == "1").ToList();
        if (frameworkRows.Count != 1)
        {
            return new Problem($"The file must have exactly one row with Is framework = 1; it has {frameworkRows.Count}.", "File");
        }

        var f = frameworkRows[0];
        var idNumber = f.Fields[1].Trim();
        var document = new FrameworkDocument
        {
            Key = idNumber.Length > 0 ? idNumber : FrameworkRules.KeyFrom(f.Fields[2]),
            Name = f.Fields[2],
            Description = f.Fields[3],
            Levels = f.Fields[5].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select((name, i) => new ScaleLevelEntry { Number = i + 1, Name = name }).ToList(),
        };
        foreach (var row in rows.Skip(1).Where(r => r != f))
        {
            if (row.Fields[12].Trim() is not ("0" or ""))
            {
                problems.Add(new Problem($"line {row.Line}: Is framework must be 0 or 1.", "File"));
            }

            document.Competencies.Add(new CompetencyEntry
            {
                Code = row.Fields[1].Trim(),
                Parent = row.Fields[0].Trim() is { Length: > 0 } parent ? parent : null,
                Name = row.Fields[2],
                Description = row.Fields[3],
                Source = $"line {row.Line}",
            });
        }

        problems.AddRange(FrameworkRules.Check(document));
        return problems.Count > 0 ? Outcome<FrameworkDocument>.Fail(problems) : Outcome<FrameworkDocument>.Ok(document);
    }
}
