using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LearningHealth.Hosting;

namespace LearningHealth.Skills;

/// <summary>
/// A framework as a file holds it, independent of format: what every import produces and every export starts from.
/// The built-in frameworks are stored in this shape as JSON.
/// </summary>
public sealed class FrameworkDocument
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string Publisher { get; set; } = "";
    public int VersionNumber { get; set; } = 1;
    /// <summary>When this version was made, to the second; carried by formats that have a place for it.</summary>
    public DateTime? ChangedAt { get; set; }
    public List<ScaleLevelEntry> Levels { get; set; } = [];
    public List<CompetencyEntry> Competencies { get; set; } = [];
    public List<CrosswalkEntry> Crosswalks { get; set; } = [];
}

public sealed class ScaleLevelEntry
{
    public int Number { get; set; }
    public string Name { get; set; } = "";
}

public sealed class CompetencyEntry
{
    public string Code { get; set; } = "";
    public string? Parent { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Descriptor for level 1, 2, ...; may be shorter than the scale, or empty.</summary>
    public List<string> Descriptors { get; set; } = [];
    /// <summary>Where in the file the entry came from ("line 4", "CFItem 3"), for error messages.</summary>
    [JsonIgnore]
    public string Source { get; set; } = "";
}

public sealed class CrosswalkEntry
{
    public string From { get; set; } = "";
    public CrosswalkRelation Relation { get; set; }
    public string ToFramework { get; set; } = "";
    public string To { get; set; } = "";
    [JsonIgnore]
    public string Source { get; set; } = "";
}

public static partial class FrameworkRules
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,79}$")]
    private static partial Regex KeyPattern();

    /// <summary>Checks a document before anything is saved; each problem names where in the file it is.</summary>
    public static List<Problem> Check(FrameworkDocument document)
    {
        var problems = new List<Problem>();
        if (!KeyPattern().IsMatch(document.Key))
        {
            problems.Add(new Problem($"The framework key \"{document.Key}\" must be lower-case letters, digits and hyphens, such as lhs-core.", "Key"));
        }

        if (string.IsNullOrWhiteSpace(document.Name))
        {
            problems.Add(new Problem("The framework needs a name.", "Name"));
        }

        for (var i = 0; i < document.Levels.Count; i++)
        {
            if (document.Levels[i].Number != i + 1 || string.IsNullOrWhiteSpace(document.Levels[i].Name))
            {
                problems.Add(new Problem($"Scale level {i + 1} must be numbered {i + 1} and have a name.", "Levels"));
            }
        }

        var codes = new Dictionary<string, CompetencyEntry>(StringComparer.Ordinal);
        foreach (var c in document.Competencies)
        {
            var at = string.IsNullOrEmpty(c.Source) ? "" : $"{c.Source}: ";
            if (string.IsNullOrWhiteSpace(c.Code))
            {
                problems.Add(new Problem($"{at}a competency has no code.", "File"));
            }
            else if (!codes.TryAdd(c.Code, c))
            {
                problems.Add(new Problem($"{at}the code {c.Code} is used twice.", "File"));
            }

            if (string.IsNullOrWhiteSpace(c.Name))
            {
                problems.Add(new Problem($"{at}competency {c.Code} has no name.", "File"));
            }

            if (c.Descriptors.Count > document.Levels.Count && c.Descriptors.Skip(document.Levels.Count).Any(d => !string.IsNullOrWhiteSpace(d)))
            {
                problems.Add(new Problem($"{at}competency {c.Code} describes more levels than the scale has ({document.Levels.Count}).", "File"));
            }
        }

        foreach (var c in document.Competencies.Where(c => c.Parent is not null))
        {
            var at = string.IsNullOrEmpty(c.Source) ? "" : $"{c.Source}: ";
            if (!codes.ContainsKey(c.Parent!))
            {
                problems.Add(new Problem($"{at}the parent {c.Parent} of {c.Code} is not in the framework.", "File"));
                continue;
            }

            // Walk up: a competency that is its own ancestor would make the tree a loop.
            var seen = new HashSet<string>(StringComparer.Ordinal) { c.Code };
            for (var parent = c.Parent; parent is not null && codes.TryGetValue(parent, out var p); parent = p.Parent)
            {
                if (!seen.Add(parent))
                {
                    problems.Add(new Problem($"{at}{c.Code} is its own ancestor.", "File"));
                    break;
                }
            }
        }

        foreach (var x in document.Crosswalks)
        {
            var at = string.IsNullOrEmpty(x.Source) ? "" : $"{x.Source}: ";
            if (!codes.ContainsKey(x.From))
            {
                problems.Add(new Problem($"{at}the crosswalk starts at {x.From}, which is not in the framework.", "File"));
            }

            if (x.ToFramework == document.Key)
            {
                problems.Add(new Problem($"{at}a crosswalk must link to another framework.", "File"));
            }
        }

        return problems;
    }

    /// <summary>A name-based identifier (UUID version 5 layout), so exports give the same identifiers every time.</summary>
    public static Guid StableId(string name)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes("learninghealth:" + name));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>A key made from a name: "My Framework 2" becomes "my-framework-2".</summary>
    public static string KeyFrom(string name)
    {
        var key = Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        return key.Length == 0 ? "framework" : key[..Math.Min(key.Length, 80)];
    }
}
