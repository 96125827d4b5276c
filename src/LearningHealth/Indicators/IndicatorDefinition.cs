using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningHealth.Statistics;

namespace LearningHealth.Indicators;

/// <summary>The length of the periods an indicator is reported over.</summary>
public enum IndicatorPeriod
{
    Month,
    Quarter,
}

/// <summary>A level a case can be attributed to; each becomes a set of units with their own results.</summary>
public enum AttributionLevel
{
    Clinician,
    Team,
    Site,
    Organisation,
}

/// <summary>A code an indicator's SQL relies on, written down so that data sources and generators can be aligned.</summary>
public sealed record IndicatorCode(string System, string Code, string Display);

/// <summary>
/// An indicator, read from a data file: what it measures and why, the SQL that finds its cases, how cases are
/// attributed and grouped into periods, and how to judge the result. See docs/indicators.md for the format and the
/// SQL contract.
/// </summary>
public sealed record IndicatorDefinition
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Title { get; init; }

    /// <summary>What the indicator measures, in plain language for clinicians and patient partners.</summary>
    public required string Description { get; init; }

    /// <summary>Why it matters: the evidence and the guidance behind it.</summary>
    public required string Rationale { get; init; }

    /// <summary>A link to the guidance or evidence.</summary>
    public required Uri Evidence { get; init; }

    /// <summary>The view tables the SQL reads (names of SQL-on-FHIR ViewDefinitions).</summary>
    public required IReadOnlyList<string> Views { get; init; }

    /// <summary>
    /// Shared tables the SQL reads (see <see cref="SharedTable"/>), built once per run for all the indicators that
    /// read them. Their view tables are listed in <see cref="Views"/> too, so lineage runs from FHIR elements through
    /// views to the indicator.
    /// </summary>
    public IReadOnlyList<string> Shared { get; init; } = [];

    /// <summary>SQL returning one row per case (see <see cref="IndicatorSql"/> for the columns).</summary>
    public required string Denominator { get; init; }

    /// <summary>
    /// SQL returning the <c>case_id</c> of each case that meets the numerator; may read <c>denominator</c>. Empty when
    /// the denominator itself says which cases meet it, in a Boolean <c>met</c> column (see <see cref="IndicatorSql"/>).
    /// </summary>
    public required string Numerator { get; init; }

    public required IReadOnlyList<AttributionLevel> Attribution { get; init; }
    public required IndicatorPeriod Period { get; init; }
    public required ImprovementDirection Improvement { get; init; }

    /// <summary>A target proportion (0–1) to draw and judge assurance against; none if null.</summary>
    public double? Target { get; init; }

    /// <summary>Units with a smaller denominator in a period get no value on charts, funnels or SPC (the counts are still stored).</summary>
    public required int MinimumDenominator { get; init; }

    /// <summary>The FHIR elements the indicator depends on, e.g. <c>Encounter.reasonCode</c>, for lineage.</summary>
    public required IReadOnlyList<string> DataElements { get; init; }

    public IReadOnlyList<IndicatorCode> Codes { get; init; } = [];

    /// <summary>A SHA-256 of everything that changes the results, so a changed definition is recomputed.</summary>
    public string DefinitionHash()
    {
        var text = string.Join('\u001f',
            Id, Version, Denominator, Numerator, string.Join(',', Attribution), Period, Improvement,
            Target?.ToString("R", CultureInfo.InvariantCulture) ?? "", MinimumDenominator.ToString(CultureInfo.InvariantCulture));
        if (Shared.Count > 0)
        {
            text += '\u001f' + string.Join(',', Shared);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>An indicator file that does not follow the format; the message names the file and the field.</summary>
public sealed class IndicatorDefinitionException(string message) : Exception(message);

/// <summary>
/// Reads indicator files (JSON). Every problem is reported with the field it is in, e.g.
/// <c>rti-antibiotics.json: improvement: 'up' is not one of increase, decrease, neutral.</c>
/// </summary>
public static partial class IndicatorDefinitionReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex ViewNamePattern();

    private static readonly HashSet<string> IndicatorFields = new(StringComparer.Ordinal)
    {
        "id", "version", "title", "description", "rationale", "evidence", "views", "denominator", "numerator",
        "attribution", "period", "improvement", "target", "minimumDenominator", "dataElements", "codes", "shared", "$schema",
    };

    private static readonly HashSet<string> SharedTableFields = new(StringComparer.Ordinal) { "name", "version", "title", "description", "views", "sql", "$schema" };

    public static IndicatorDefinition Parse(string json, string source = "indicator") =>
        Read(json, source, IndicatorFields, (root, reader, problems) =>
        {
            var id = reader.String("id");
            if (id is not null && !IdPattern().IsMatch(id))
            {
                problems.Add($"id: '{id}' must be lower-case letters and digits joined by hyphens, e.g. rti-antibiotics.");
            }

            var evidenceText = reader.String("evidence");
            Uri? evidence = null;
            if (evidenceText is not null && (!Uri.TryCreate(evidenceText, UriKind.Absolute, out evidence) || evidence.Scheme is not ("https" or "http")))
            {
                problems.Add($"evidence: '{evidenceText}' is not an http(s) link.");
            }

            var views = reader.StringList("views", required: true);
            foreach (var view in views.Where(v => !ViewNamePattern().IsMatch(v)))
            {
                problems.Add($"views: '{view}' is not a table name (lower-case letters, digits and underscores).");
            }

            var shared = reader.StringList("shared", required: false);
            foreach (var name in shared.Where(n => SharedTables.Find(n) is null))
            {
                problems.Add($"shared: '{name}' is not a shared table (known: {string.Join(", ", SharedTables.BuiltIn.Select(t => t.Name))}).");
            }

            var denominator = reader.Sql("denominator");
            var numerator = root.TryGetProperty("numerator", out _) ? reader.Sql("numerator") : null;
            var attribution = reader.StringList("attribution", required: true)
                .Select(a => reader.Enum<AttributionLevel>("attribution", a)).OfType<AttributionLevel>().Distinct().ToList();
            var period = reader.String("period") is { } p ? reader.Enum<IndicatorPeriod>("period", p) : null;
            var improvement = reader.String("improvement") is { } i ? reader.Enum<ImprovementDirection>("improvement", i) : null;
            var target = reader.Number("target", required: false);
            if (target is < 0 or > 1)
            {
                problems.Add($"target: {target.Value.ToString(CultureInfo.InvariantCulture)} must be a proportion between 0 and 1.");
            }

            if (target is not null && improvement == ImprovementDirection.Neutral)
            {
                problems.Add("target: a neutral indicator has no target.");
            }

            var minimum = reader.Number("minimumDenominator", required: true);
            if (minimum is { } m && (m < 1 || m != Math.Floor(m) || m > int.MaxValue))
            {
                problems.Add($"minimumDenominator: {m.ToString(CultureInfo.InvariantCulture)} must be a whole number of at least 1.");
            }

            var elements = reader.StringList("dataElements", required: true);
            foreach (var element in elements.Where(e => !e.Contains('.', StringComparison.Ordinal) || !char.IsUpper(e[0])))
            {
                problems.Add($"dataElements: '{element}' should be a FHIR element path such as Encounter.reasonCode.");
            }

            var codes = reader.Codes("codes");
            return new IndicatorDefinition
            {
                Id = id ?? "",
                Version = reader.String("version") ?? "",
                Title = reader.String("title") ?? "",
                Description = reader.String("description") ?? "",
                Rationale = reader.String("rationale") ?? "",
                Evidence = evidence ?? new Uri("https://invalid.example"),
                Views = views,
                Shared = shared,
                Denominator = denominator ?? "",
                Numerator = numerator ?? "",
                Attribution = attribution,
                Period = period ?? IndicatorPeriod.Month,
                Improvement = improvement ?? ImprovementDirection.Neutral,
                Target = target,
                MinimumDenominator = minimum is { } min && min >= 1 && min <= int.MaxValue ? (int)min : 1,
                DataElements = elements,
                Codes = codes,
            };
        });

    /// <summary>Reads a shared table file (see <see cref="SharedTable"/>), reporting problems the same way.</summary>
    public static SharedTable ParseShared(string json, string source = "shared table") =>
        Read(json, source, SharedTableFields, (_, reader, problems) =>
        {
            var name = reader.String("name");
            if (name is not null && !ViewNamePattern().IsMatch(name))
            {
                problems.Add($"name: '{name}' is not a table name (lower-case letters, digits and underscores).");
            }

            return new SharedTable
            {
                Name = name ?? "",
                Version = reader.String("version") ?? "",
                Title = reader.String("title") ?? "",
                Description = reader.String("description") ?? "",
                Views = reader.StringList("views", required: true),
                Sql = reader.Sql("sql") ?? "",
            };
        });

    /// <summary>
    /// Parses one JSON object, refuses fields not in <paramref name="known"/>, builds the value and throws with every
    /// problem found, each prefixed with the file: what indicator and shared table files have in common.
    /// </summary>
    private static T Read<T>(string json, string source, HashSet<string> known, Func<JsonElement, Fields, List<string>, T> build)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new IndicatorDefinitionException($"{source}: not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new IndicatorDefinitionException($"{source}: the file must hold one JSON object.");
            }

            var problems = new List<string>();
            foreach (var property in root.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                problems.Add($"{property.Name}: unknown field.");
            }

            var result = build(root, new Fields(root, source, problems), problems);
            if (problems.Count > 0)
            {
                throw new IndicatorDefinitionException(string.Join(Environment.NewLine, problems.Select(x => $"{source}: {x}")));
            }

            return result;
        }
    }

    private sealed class Fields(JsonElement root, string source, List<string> problems)
    {
        public string? String(string name, bool required = true)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    problems.Add($"{name}: required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                problems.Add($"{name}: must be a non-empty string.");
                return null;
            }

            return value.GetString()!.Trim();
        }

        /// <summary>SQL may be one string or an array of lines, which are joined with new lines.</summary>
        public string? Sql(string name)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                if (value.EnumerateArray().Any(l => l.ValueKind != JsonValueKind.String))
                {
                    problems.Add($"{name}: must be a string or an array of strings (lines of SQL).");
                    return null;
                }

                var joined = string.Join('\n', value.EnumerateArray().Select(l => l.GetString())).Trim();
                if (joined.Length == 0)
                {
                    problems.Add($"{name}: must not be empty.");
                    return null;
                }

                return CheckSql(name, joined);
            }

            return String(name) is { } sql ? CheckSql(name, sql) : null;
        }

        private string? CheckSql(string name, string sql)
        {
            var trimmed = sql.TrimEnd().TrimEnd(';');
            if (trimmed.Contains(';', StringComparison.Ordinal))
            {
                problems.Add($"{name}: must be a single SQL query (no ';' between statements).");
                return null;
            }

            var first = trimmed.TrimStart();
            if (!first.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && !first.StartsWith("WITH", StringComparison.OrdinalIgnoreCase)
                && !first.StartsWith("FROM", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: must be a query starting with SELECT, WITH or FROM.");
                return null;
            }

            return trimmed;
        }

        public double? Number(string name, bool required)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    problems.Add($"{name}: required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                problems.Add($"{name}: must be a number.");
                return null;
            }

            return value.GetDouble();
        }

        public List<string> StringList(string name, bool required)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    problems.Add($"{name}: required.");
                }

                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())))
            {
                problems.Add($"{name}: must be an array of non-empty strings.");
                return [];
            }

            var list = value.EnumerateArray().Select(v => v.GetString()!.Trim()).ToList();
            if (required && list.Count == 0)
            {
                problems.Add($"{name}: must list at least one item.");
            }

            return list;
        }

        public T? Enum<T>(string name, string text)
            where T : struct, Enum
        {
            foreach (var candidate in System.Enum.GetValues<T>())
            {
                if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }

            var allowed = string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
            problems.Add($"{name}: '{text}' is not one of {allowed}.");
            return null;
        }

        public List<IndicatorCode> Codes(string name)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{name}: must be an array of {{ system, code, display }}.");
                return [];
            }

            var codes = new List<IndicatorCode>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                string? Get(string field) =>
                    item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var f) && f.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(f.GetString()) ? f.GetString() : null;
                var (system, code, display) = (Get("system"), Get("code"), Get("display"));
                if (system is null || code is null || display is null)
                {
                    problems.Add($"{name}[{index}]: needs system, code and display as non-empty strings.");
                }
                else
                {
                    codes.Add(new IndicatorCode(system, code, display));
                }

                index++;
            }

            return codes;
        }

        public override string ToString() => source;
    }
}
