using LearningHealth.Hosting;

namespace LearningHealth.Skills;

/// <summary>
/// LearningHealth's own framework CSV: <c>framework,code,parent_code,name,description,level_1..level_n</c>.
/// The first row after the header has an empty code and describes the framework itself: its name, description and,
/// in the level columns, the names of the scale's levels. Every other row is a competency with its level descriptors.
/// </summary>
public static class FrameworkCsv
{
    private static readonly string[] Fixed = ["framework", "code", "parent_code", "name", "description"];

    public static string Write(FrameworkDocument document)
    {
        var levels = Math.Max(document.Levels.Count, document.Competencies.Select(c => c.Descriptors.Count).DefaultIfEmpty(0).Max());
        var rows = new List<IReadOnlyList<string>>
        {
            Fixed.Concat(Enumerable.Range(1, levels).Select(l => $"level_{l}")).ToList(),
            new[] { document.Key, "", "", document.Name, document.Description }.Concat(Pad(document.Levels.Select(l => l.Name), levels)).ToList(),
        };
        rows.AddRange(document.Competencies.Select(c =>
            new[] { document.Key, c.Code, c.Parent ?? "", c.Name, c.Description }.Concat(Pad(c.Descriptors, levels)).ToList()));
        return Csv.Write(rows);
    }

    private static IEnumerable<string> Pad(IEnumerable<string> values, int count) =>
        values.Concat(Enumerable.Repeat("", count)).Take(count);

    public static Outcome<FrameworkDocument> Parse(string text)
    {
        var (rows, error) = Csv.Read(text);
        if (error is not null)
        {
            return new Problem(error, "File");
        }

        if (rows.Count < 2)
        {
            return new Problem("The file needs a header row and a framework row.", "File");
        }

        var header = rows[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        if (header.Count < Fixed.Length || !header.Take(Fixed.Length).SequenceEqual(Fixed))
        {
            return new Problem($"line {rows[0].Line}: the header must start {string.Join(",", Fixed)}.", "File");
        }

        var levelCount = header.Count - Fixed.Length;
        for (var i = 0; i < levelCount; i++)
        {
            if (header[Fixed.Length + i] != $"level_{i + 1}")
            {
                return new Problem($"line {rows[0].Line}: column {Fixed.Length + i + 1} should be level_{i + 1}.", "File");
            }
        }

        var problems = new List<Problem>();
        foreach (var row in rows.Skip(1).Where(r => r.Fields.Count != header.Count))
        {
            problems.Add(new Problem($"line {row.Line}: expected {header.Count} columns, found {row.Fields.Count}.", "File"));
        }

        if (problems.Count > 0)
        {
            return Outcome<FrameworkDocument>.Fail(problems);
        }

        var first = rows[1];
        if (first.Fields[1].Length > 0)
        {
            return new Problem($"line {first.Line}: the first row after the header describes the framework and must have an empty code.", "File");
        }

        var document = new FrameworkDocument
        {
            Key = first.Fields[0].Trim(),
            Name = first.Fields[3],
            Description = first.Fields[4],
            Levels = first.Fields.Skip(Fixed.Length).TakeWhile(n => n.Trim().Length > 0)
                .Select((name, i) => new ScaleLevelEntry { Number = i + 1, Name = name }).ToList(),
        };
        foreach (var row in rows.Skip(2))
        {
            if (row.Fields[0].Trim() != document.Key)
            {
                problems.Add(new Problem($"line {row.Line}: the framework is {row.Fields[0]}, not {document.Key} as on line {first.Line}.", "File"));
            }

            var descriptors = row.Fields.Skip(Fixed.Length).ToList();
            while (descriptors.Count > 0 && descriptors[^1].Trim().Length == 0)
            {
                descriptors.RemoveAt(descriptors.Count - 1);
            }

            document.Competencies.Add(new CompetencyEntry
            {
                Code = row.Fields[1].Trim(),
                Parent = row.Fields[2].Trim() is { Length: > 0 } parent ? parent : null,
                Name = row.Fields[3],
                Description = row.Fields[4],
                Descriptors = descriptors,
                Source = $"line {row.Line}",
            });
        }

        problems.AddRange(FrameworkRules.Check(document));
        return problems.Count > 0 ? Outcome<FrameworkDocument>.Fail(problems) : Outcome<FrameworkDocument>.Ok(document);
    }
}
