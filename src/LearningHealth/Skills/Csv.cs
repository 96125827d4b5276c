using System.Text;

namespace LearningHealth.Skills;

/// <summary>A small RFC 4180 CSV reader and writer: quoted fields, doubled quotes, line breaks inside quotes.</summary>
internal static class Csv
{
    public sealed record Row(int Line, IReadOnlyList<string> Fields);

    /// <summary>Reads rows, skipping blank lines; each row knows the line it starts on. Null with a message if a quote is never closed.</summary>
    public static (List<Row> Rows, string? Error) Read(string text)
    {
        var rows = new List<Row>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var quoted = false;
        var i = 0;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        for (; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    AddRow(rows, fields, rowStart);
                    fields = [];
                    line++;
                    rowStart = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            return (rows, $"line {rowStart}: a quoted field is never closed.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            AddRow(rows, fields, rowStart);
        }

        return (rows, null);
    }

    private static void AddRow(List<Row> rows, List<string> fields, int line)
    {
        if (fields.Count == 1 && fields[0].Length == 0)
        {
            return;
        }

        rows.Add(new Row(line, fields));
    }

    public static string Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
