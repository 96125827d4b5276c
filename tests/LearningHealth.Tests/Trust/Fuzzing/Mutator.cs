using System.Text;
using LearningHealth.Hosting;

namespace LearningHealth.Tests.Trust.Fuzzing;

/// <summary>
/// Makes malformed variants of a valid file, deterministically from a seed, so a failure can be replayed: truncation,
/// flipped bytes, deleted and duplicated lines, values of the wrong type, huge values, bad UTF-8, byte order marks,
/// deep nesting, stray quotes and separators. Each variant applies one to three of these.
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] WrongValues =
    [
        "", "abc", "-1", "0", "1e309", "NaN", "99999999999999999999999", "-0.0000001", "2025-02-30", "31/12/2025", "true", "null",
        "\"", "\"\"", ",", ";", "\t", "{", "}", "[", "]", "{}", "[]", "\\u0000", "<script>alert(1)</script>", "😀", "\u0000", "'; DROP TABLE x; --",
    ];

    private readonly Random random = new(seed);

    /// <summary>A few thousand variants of the seeds, the same ones on every run.</summary>
    public IEnumerable<(int Case, string Kind, byte[] Bytes)> Variants(IReadOnlyList<string> seeds, int count, bool json)
    {
        for (var i = 0; i < count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Count)]);
            var kinds = new List<string>();
            var steps = 1 + random.Next(3);
            for (var s = 0; s < steps; s++)
            {
                var (kind, mutated) = Mutate(bytes, json);
                kinds.Add(kind);
                bytes = mutated;
            }

            yield return (i, string.Join('+', kinds), bytes);
        }
    }

    private (string Kind, byte[] Bytes) Mutate(byte[] input, bool json)
    {
        var text = Encoding.UTF8.GetString(input);
        var lines = text.Split('\n').ToList();
        switch (random.Next(json ? 12 : 11))
        {
            case 0:
                return ("truncate", input[..random.Next(input.Length + 1)]);
            case 1:
            {
                var copy = (byte[])input.Clone();
                for (var n = 1 + random.Next(4); n > 0 && copy.Length > 0; n--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ("flip", copy);
            }

            case 2:
                if (lines.Count > 1)
                {
                    lines.RemoveAt(random.Next(lines.Count));
                }

                return ("delete-line", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
            case 3:
            {
                var at = random.Next(lines.Count);
                lines.Insert(at, lines[at]);
                return ("duplicate-line", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
            }

            case 4:
                return ("wrong-value", Encoding.UTF8.GetBytes(ReplaceValue(text, WrongValues[random.Next(WrongValues.Length)], json)));
            case 5:
                return ("huge-value", Encoding.UTF8.GetBytes(ReplaceValue(text, new string('9', 1 + random.Next(100_000)), json)));
            case 6:
            {
                byte[][] bad = [[0xC3, 0x28], [0xFF], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80], [0x00]];
                var at = random.Next(input.Length + 1);
                return ("bad-utf8", [.. input[..at], .. bad[random.Next(bad.Length)], .. input[at..]]);
            }

            case 7:
                return ("bom", [0xEF, 0xBB, 0xBF, .. random.Next(3) == 0 ? new byte[] { 0xEF, 0xBB, 0xBF } : [], .. input]);
            case 8:
                return ("empty", random.Next(2) == 0 ? [] : Encoding.UTF8.GetBytes(new string(' ', random.Next(5)) + "\r\n\n"));
            case 9:
            {
                // Quotes, separators and line breaks where they do not belong.
                string[] stray = ["\"", ",", "\r", "\n", "\r\n", "\"\"", ",,,,", "\"a\nb\""];
                var at = random.Next(text.Length + 1);
                return ("stray", Encoding.UTF8.GetBytes(text[..at] + stray[random.Next(stray.Length)] + text[at..]));
            }

            case 10:
                return ("many-lines", Encoding.UTF8.GetBytes(text + string.Concat(Enumerable.Repeat(lines[random.Next(lines.Count)] + "\n", 50 + random.Next(500)))));
            default:
            {
                var depth = 10 + random.Next(5_000);
                var nested = random.Next(2) == 0
                    ? new string('[', depth) + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                return ("deep", Encoding.UTF8.GetBytes(ReplaceValue(text, nested, json: true, raw: true)));
            }
        }
    }

    /// <summary>Replaces one value: a CSV field, or a JSON string or number (as a string, or raw JSON when asked).</summary>
    private string ReplaceValue(string text, string value, bool json, bool raw = false)
    {
        if (!json)
        {
            var lines = text.Split('\n');
            var line = random.Next(lines.Length);
            var fields = lines[line].Split(',');
            fields[random.Next(fields.Length)] = value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
            lines[line] = string.Join(',', fields);
            return string.Join('\n', lines);
        }

        // Find the n-th value after a colon and put the new one in its place.
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return value;
        }

        var start = colons[random.Next(colons.Count)] + 1;
        var end = start;
        while (end < text.Length && text[end] is ' ')
        {
            end++;
        }

        if (end < text.Length && text[end] == '"')
        {
            end++;
            while (end < text.Length && text[end] != '"')
            {
                end += text[end] == '\\' ? 2 : 1;
            }

            end = Math.Min(text.Length, end + 1);
        }
        else
        {
            while (end < text.Length && text[end] is not (',' or '}' or ']' or '\n'))
            {
                end++;
            }
        }

        var replacement = raw || random.Next(3) == 0 ? value is "" ? "null" : value.StartsWith('[') || value.StartsWith('{') || double.TryParse(value, out _) ? value : System.Text.Json.JsonSerializer.Serialize(value)
            : System.Text.Json.JsonSerializer.Serialize(value);
        return text[..start] + replacement + text[end..];
    }
}

internal static class FuzzChecks
{
    /// <summary>Whether a problem says where it is: a field, or a line in its message.</summary>
    public static bool NamesWhere(Problem problem) =>
        problem.Field is not null || problem.Message.Contains("line", StringComparison.OrdinalIgnoreCase);
}
