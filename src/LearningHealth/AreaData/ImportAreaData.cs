using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using LearningHealth.Fhir;
using LearningHealth.Persistence;

namespace LearningHealth.AreaData;

/// <summary>An area data set to import: the CSV and what it is.</summary>
public sealed record ImportAreaDataCommand
{
    /// <summary>The data set's name: lower-case letters, digits and hyphens (e.g. <c>imd-2019-districts</c>); importing a name again replaces it.</summary>
    public required string Name { get; init; }

    /// <summary><c>postcode_district</c>, <c>postcode_sector</c> or <c>lsoa</c>.</summary>
    public required string AreaType { get; init; }

    /// <summary>Where the data come from, e.g. "MHCLG English Indices of Deprivation 2019".</summary>
    public required string Source { get; init; }

    /// <summary>The licence the data are used under, e.g. "Open Government Licence v3.0".</summary>
    public required string Licence { get; init; }

    /// <summary>The date the data describe (or were published), yyyy-MM-dd.</summary>
    public required string DataDate { get; init; }

    /// <summary>Marks invented data (the demo's) so every page that shows it says so.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Who imported it (for the record), if known.</summary>
    public string? ImportedBy { get; init; }
}

/// <summary>A problem with the file or the metadata: the line (header = 1) and column it concerns, when it concerns one.</summary>
public sealed record AreaImportProblem(int? Line, string? Column, string Reason)
{
    public override string ToString() => (Line, Column) switch
    {
        (null, null) => Reason,
        (null, _) => $"{Column}: {Reason}",
        (_, null) => $"line {Line}: {Reason}",
        _ => $"line {Line}, column {Column}: {Reason}",
    };
}

/// <summary>What an import did: the stored data set, or the problems that stopped it (nothing written then).</summary>
public sealed record AreaImportResult(AreaDataSet? DataSet, IReadOnlyList<AreaImportProblem> Problems, bool Replaced)
{
    public bool Succeeded => DataSet is not null;
}

/// <summary>
/// Imports an area data set from CSV into the analytics store: the first column <c>area_code</c>, every other column a
/// measure (numbers or text). Every problem is reported with its line and column, and then nothing is written;
/// otherwise the data set replaces any earlier one of the same name in a single DuckDB transaction, as a new version.
/// </summary>
public sealed partial class ImportAreaData(DatabaseOptions database, TimeProvider clock)
{
    public const string AreaCodeColumn = "area_code";
    public const string DeprivationDecileColumn = "deprivation_decile";

    /// <summary>Uploads larger than this are refused (England has about 33,755 LSOAs; a file of them with a dozen measures is a few MB).</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>More areas than this is not an area data set of the UK's geographies.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Problems reported before the rest are summarised, so a wrong file does not produce a page of thousands.</summary>
    public const int MaxProblems = 200;

    public AreaImportResult Handle(ImportAreaDataCommand command, Stream csv)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(csv);
        using var bounded = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = csv.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bounded.Length + read > MaxBytes)
            {
                return Refused(new AreaImportProblem(null, "file", $"the file is larger than {MaxBytes / (1024 * 1024)} MB; split it or leave out measures you do not need"));
            }

            bounded.Write(buffer, 0, read);
        }

        bounded.Position = 0;
        using var text = new StreamReader(bounded, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Handle(command, text);
    }

    public AreaImportResult Handle(ImportAreaDataCommand command, TextReader csv)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(csv);
        var problems = CheckMetadata(command, out var type, out var dataDate);
        var parsed = Parse(csv, type);
        problems.AddRange(parsed.Problems);
        if (problems.Count > 0 || parsed.Rows.Count == 0)
        {
            return Refused([.. problems.Take(MaxProblems), .. problems.Count > MaxProblems ? [new AreaImportProblem(null, null, $"and {problems.Count - MaxProblems} more problems")] : Array.Empty<AreaImportProblem>()]);
        }

        var name = command.Name.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        using var connection = AnalyticsStore.Open(database.DataDirectory);
        AnalyticsStore.Execute(connection, AreaStore.Schema);
        using var transaction = connection.BeginTransaction();
        var previous = AnalyticsStore.Scalar<int>(connection, $"SELECT coalesce(max(version), 0) FROM {AreaStore.DataSetsTable} WHERE name = $1", name);
        AnalyticsStore.Execute(connection, $"UPDATE {AreaStore.DataSetsTable} SET is_current = false WHERE name = $1", name);
        AnalyticsStore.Execute(connection, $"DELETE FROM {AreaStore.ValuesTable} WHERE dataset = $1", name);
        AnalyticsStore.Execute(connection, $"DELETE FROM {AreaStore.MeasuresTable} WHERE dataset = $1", name);
        AnalyticsStore.Execute(connection, $"INSERT INTO {AreaStore.DataSetsTable} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true)",
            name, previous + 1, AreaTypes.Name(type), command.Source.Trim(), command.Licence.Trim(), dataDate, now,
            command.ImportedBy, command.Synthetic, (long)parsed.Rows.Count);
        for (var m = 0; m < parsed.Measures.Count; m++)
        {
            AnalyticsStore.Execute(connection, $"INSERT INTO {AreaStore.MeasuresTable} VALUES ($1, $2, $3, $4)",
                name, parsed.Measures[m].Name, parsed.Measures[m].Kind == MeasureKind.Numeric ? "numeric" : "text", m + 1);
        }

        using (var appender = connection.CreateAppender(AreaStore.ValuesTable))
        {
            foreach (var row in parsed.Rows)
            {
                for (var m = 0; m < parsed.Measures.Count; m++)
                {
                    var value = row.Values[m];
                    var numeric = parsed.Measures[m].Kind == MeasureKind.Numeric;
                    appender.CreateRow()
                        .AppendValue(name).AppendValue(row.AreaCode).AppendValue(parsed.Measures[m].Name)
                        .AppendValue(numeric && value.Length > 0 ? double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) : (double?)null)
                        .AppendValue(!numeric && value.Length > 0 ? value : null)
                        .EndRow();
                }
            }
        }

        transaction.Commit();
        var stored = AreaStore.List(connection).Single(d => d.Name == name);
        return new AreaImportResult(stored, [], previous > 0);
    }

    private static AreaImportResult Refused(params AreaImportProblem[] problems) => new(null, problems, false);

    private static List<AreaImportProblem> CheckMetadata(ImportAreaDataCommand command, out AreaType type, out DateOnly dataDate)
    {
        var problems = new List<AreaImportProblem>();
        var name = command.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add(new AreaImportProblem(null, "name", "give the data set a name, e.g. imd-2019-districts"));
        }
        else if (name.Length > 80 || !NamePattern().IsMatch(name))
        {
            problems.Add(new AreaImportProblem(null, "name", $"'{name}' is not a valid name: use lower-case letters, digits and hyphens, starting with a letter, at most 80 characters"));
        }

        if (!AreaTypes.TryParse(command.AreaType, out type))
        {
            problems.Add(new AreaImportProblem(null, "area type", $"'{command.AreaType}' is not an area type; use one of {AreaTypes.Allowed}"));
        }

        Required(command.Source, "source", "say where the data come from, e.g. MHCLG English Indices of Deprivation 2019", 300);
        Required(command.Licence, "licence", "say which licence the data are used under, e.g. Open Government Licence v3.0", 200);
        if (!DateOnly.TryParseExact(command.DataDate?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dataDate))
        {
            problems.Add(new AreaImportProblem(null, "date", $"'{command.DataDate}' is not a date written yyyy-MM-dd (the date the data describe)"));
        }

        return problems;

        void Required(string? value, string field, string hint, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new AreaImportProblem(null, field, hint));
            }
            else if (value.Trim().Length > max)
            {
                problems.Add(new AreaImportProblem(null, field, $"is longer than {max} characters"));
            }
        }
    }

    private sealed record Row(int Line, string AreaCode, string[] Values);

    private sealed record Parsed(List<AreaMeasure> Measures, List<Row> Rows, List<AreaImportProblem> Problems);

    private static Parsed Parse(TextReader csv, AreaType type)
    {
        var problems = new List<AreaImportProblem>();
        var rows = new List<Row>();
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            MaxRecordSize = 1 << 20,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
        };
        using var reader = CsvReader.Create(csv, options, leaveOpen: true);
        reader.ReadHeader();
        var headers = reader.Headers.Select(h => h.Trim()).ToList();
        if (headers.Count == 0 || (headers.Count == 1 && headers[0].Length == 0))
        {
            problems.Add(new AreaImportProblem(1, null, "the file is empty; its first line must be the header, starting with area_code, e.g. area_code,deprivation_decile"));
            return new Parsed([], rows, problems);
        }

        if (headers.Count == 1 && OtherSeparator(headers[0]) is { } separator)
        {
            problems.Add(new AreaImportProblem(1, null, $"the header has no commas but has {separator}: values must be separated by commas (save the sheet as \"CSV (comma delimited)\")"));
            return new Parsed([], rows, problems);
        }

        if (!string.Equals(headers[0], AreaCodeColumn, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new AreaImportProblem(1, headers[0].Length == 0 ? "1" : headers[0], $"the first column must be {AreaCodeColumn}"));
        }

        if (headers.Count < 2)
        {
            problems.Add(new AreaImportProblem(1, null, "the file has no measures: add at least one column after area_code, e.g. deprivation_decile"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < headers.Count; i++)
        {
            var column = headers[i].ToLowerInvariant();
            if (!MeasurePattern().IsMatch(column))
            {
                problems.Add(new AreaImportProblem(1, headers[i].Length == 0 ? (i + 1).ToString(CultureInfo.InvariantCulture) : headers[i],
                    "a measure's name must be lower-case letters, digits and underscores, starting with a letter, at most 60 characters (e.g. pm25)"));
            }
            else if (!names.Add(column) || column == AreaCodeColumn)
            {
                problems.Add(new AreaImportProblem(1, headers[i], "this column name is used more than once"));
            }
        }

        if (problems.Count > 0)
        {
            return new Parsed([], rows, problems);
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var values = new string[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetString(i).Trim();
                }

                // Spreadsheets often save rows of empty cells below the data.
                if (values.All(v => v.Length == 0))
                {
                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    return new Parsed([], [], [new AreaImportProblem(null, null, $"the file has more than {MaxRows:N0} areas; no UK geography this supports has that many")]);
                }

                if (malformed.TryGetValue(line, out var reason))
                {
                    problems.Add(new AreaImportProblem(line, null, Describe(reason)));
                    continue;
                }

                if (values.Length != headers.Count)
                {
                    problems.Add(new AreaImportProblem(line, null, $"has {values.Length} values but the header has {headers.Count} columns"
                        + (values.Length == 1 && OtherSeparator(values[0]) is { } s ? $" (values must be separated by commas, not {s})" : "")));
                    continue;
                }

                var code = values[0];
                if (code.Length == 0)
                {
                    problems.Add(new AreaImportProblem(line, AreaCodeColumn, "the area code is missing"));
                    continue;
                }

                var normalised = AreaTypes.Normalise(type, code);
                if (normalised is null)
                {
                    problems.Add(new AreaImportProblem(line, AreaCodeColumn, $"'{code}' is not a {AreaTypes.Name(type)} code (e.g. {AreaTypes.Example(type)})"));
                    continue;
                }

                if (seen.TryGetValue(normalised, out var first))
                {
                    problems.Add(new AreaImportProblem(line, AreaCodeColumn, $"{normalised} is also on line {first}; each area must appear once"));
                    continue;
                }

                seen[normalised] = line;
                rows.Add(new Row(line, normalised, values[1..]));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new AreaImportProblem(e.LineNumber > 0 ? (int)e.LineNumber : null, null, $"the file cannot be read as CSV: {e.Message}"));
            return new Parsed([], rows, problems);
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new AreaImportProblem(2, null, "the file has a header but no areas"));
        }

        var measures = new List<AreaMeasure>();
        for (var m = 0; m < headers.Count - 1; m++)
        {
            var column = headers[m + 1].ToLowerInvariant();
            measures.Add(new AreaMeasure(column, CheckMeasure(column, m, rows, problems)));
        }

        return new Parsed(measures, rows, problems);
    }

    /// <summary>
    /// A measure is numeric when its first non-empty value is a number, text otherwise, and every other value must
    /// agree: a column that mixes them is usually a data error (a "n/a" among numbers, or a code list saved oddly).
    /// An empty cell is a missing value either way. The deprivation decile must also be a whole number from 1 to 10.
    /// </summary>
    private static MeasureKind CheckMeasure(string column, int index, List<Row> rows, List<AreaImportProblem> problems)
    {
        var first = rows.FirstOrDefault(r => r.Values[index].Length > 0);
        if (first is null)
        {
            return MeasureKind.Numeric;
        }

        var kind = IsNumber(first.Values[index]) ? MeasureKind.Numeric : MeasureKind.Text;
        foreach (var row in rows)
        {
            var value = row.Values[index];
            if (value.Length == 0)
            {
                continue;
            }

            var numeric = IsNumber(value);
            if (numeric != (kind == MeasureKind.Numeric))
            {
                problems.Add(new AreaImportProblem(row.Line, column, kind == MeasureKind.Numeric
                    ? $"'{value}' is text, but line {first.Line} has a number ({first.Values[index]}): a measure must be all numbers or all text (leave a missing value empty)"
                    : $"'{value}' is a number, but line {first.Line} has text ({first.Values[index]}): a measure must be all numbers or all text (leave a missing value empty)"));
                continue;
            }

            if (column == DeprivationDecileColumn && (!numeric || !IsDecile(value)))
            {
                problems.Add(new AreaImportProblem(row.Line, column, $"'{value}' is not a deprivation decile: a whole number from 1 (most deprived) to 10 (least deprived)"));
            }
        }

        if (column == DeprivationDecileColumn && kind == MeasureKind.Text && !problems.Any(p => p.Column == column))
        {
            problems.Add(new AreaImportProblem(first.Line, column, $"'{first.Values[index]}' is not a deprivation decile: a whole number from 1 (most deprived) to 10 (least deprived)"));
        }

        return kind;
    }

    private static bool IsNumber(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);

    private static bool IsDecile(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 10 && Math.Floor(number) == number;

    /// <summary>A separator other than a comma that a line seems to use, described for a message; null if none.</summary>
    private static string? OtherSeparator(string line) =>
        line.Contains(';', StringComparison.Ordinal) ? "semicolons (;)"
        : line.Contains('\t', StringComparison.Ordinal) ? "tabs"
        : line.Contains('|', StringComparison.Ordinal) ? "vertical bars (|)"
        : null;

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote (\") inside a value that is not in quotes; put the value in quotes and double the quote",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a value",
        CsvMalformedReason.UnterminatedQuote => "a quoted value is never closed",
        _ => "the row is not well-formed CSV",
    };

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,59}$")]
    private static partial Regex MeasurePattern();
}
