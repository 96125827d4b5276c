using System.Text;

namespace LearningHealth.Cli.Commands;

/// <summary>One CSV record with the file line it starts on, for error messages.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A small RFC 4180 reader: comma-separated fields, double quotes around fields that hold commas, quotes or line
/// breaks, "" for a quote inside them. Blank lines are skipped and fields are trimmed.
/// </summary>
internal static class CsvFile
{
    public static IReadOnlyList<CsvRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"cannot read '{path}': no such file.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<CsvRecord> Parse(string text, string name)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var fieldWasQuoted = false;

        void EndField()
        {
            fields.Add(fieldWasQuoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            fieldWasQuoted = false;
        }

        void EndRecord()
        {
            EndField();
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }

            fields.Clear();
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                quoted = true;
                fieldWasQuoted = true;
                field.Clear();
            }
            else if (c == ',')
            {
                EndField();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRecord();
                line++;
                recordLine = line;
            }
            else if (!(fieldWasQuoted && char.IsWhiteSpace(c)))
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new ArgumentException($"{name} line {recordLine}: a quoted field is not closed.");
        }

        EndRecord();
        return records;
    }
}
