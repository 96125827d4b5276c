using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace LearningHealth.Fhir;

/// <summary>
/// Resolves conditional references such as <c>Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|9999974493</c>
/// (as Synthea and other real exports write them) to <c>Practitioner/&lt;id&gt;</c>, through the <c>identifiers</c>
/// table built from the <c>identifier</c> arrays of imported resources. Only the <c>reference</c> string changes; a
/// reference whose target is not (yet) imported stays as it is and is resolved by a later import.
/// </summary>
public static partial class ConditionalReferences
{
    [GeneratedRegex("""
        "reference"\s*:\s*"(?<type>[A-Z][A-Za-z]+)\?identifier=(?<query>[^"\\]*)"
        """, RegexOptions.CultureInvariant)]
    private static partial Regex ConditionalReference();

    /// <summary>Splits <c>system|value</c> (the bar may be written <c>%7C</c>) into its parts.</summary>
    public static bool TryParse(string query, out string system, out string value)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = query.Replace("%7C", "|", StringComparison.OrdinalIgnoreCase).Replace("%7c", "|", StringComparison.Ordinal);
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || bar == text.Length - 1)
        {
            system = value = string.Empty;
            return false;
        }

        system = Uri.UnescapeDataString(text[..bar]);
        value = Uri.UnescapeDataString(text[(bar + 1)..]);
        return true;
    }

    /// <summary>Adds the resource types that the conditional references in one resource's JSON point at; returns how many references there are.</summary>
    public static int AddTargetTypes(string json, ISet<string> types)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(types);
        var count = 0;
        foreach (Match match in ConditionalReference().Matches(json))
        {
            types.Add(match.Groups["type"].Value);
            count++;
        }

        return count;
    }

    /// <summary>
    /// <see cref="AddTargetTypes(string, ISet{string})"/> straight on UTF-8 bytes: finds each <c>?identifier=</c> and
    /// checks the same pattern around it, so the scan over every resource of a large file needs no string and no regular
    /// expression; only a matched type name becomes a string.
    /// </summary>
    public static int AddTargetTypes(ReadOnlySpan<byte> json, ISet<string> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var count = 0;
        var marker = "?identifier="u8;
        var offset = 0;
        while (offset < json.Length)
        {
            var found = json[offset..].IndexOf(marker);
            if (found < 0)
            {
                break;
            }

            var at = offset + found;
            offset = at + marker.Length;
            var start = at;
            while (start > 0 && char.IsAsciiLetter((char)json[start - 1]))
            {
                start--;
            }

            // "reference" : "Type?identifier=query" with a type of at least two letters starting upper-case, and a
            // query with no quote or backslash before its closing quote.
            if (at - start < 2 || !char.IsAsciiLetterUpper((char)json[start]) || start == 0 || json[start - 1] != (byte)'"')
            {
                continue;
            }

            var before = SkipSpaceBackwards(json, start - 2);
            if (before < 0 || json[before] != (byte)':')
            {
                continue;
            }

            before = SkipSpaceBackwards(json, before - 1);
            if (before < 0 || !json[..(before + 1)].EndsWith("\"reference\""u8))
            {
                continue;
            }

            var end = json[offset..].IndexOfAny((byte)'"', (byte)'\\');
            if (end < 0 || json[offset + end] != (byte)'"')
            {
                continue;
            }

            types.Add(System.Text.Encoding.UTF8.GetString(json[start..at]));
            count++;
            offset += end + 1;
        }

        return count;
    }

    private static int SkipSpaceBackwards(ReadOnlySpan<byte> json, int index)
    {
        while (index >= 0 && json[index] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            index--;
        }

        return index;
    }

    /// <summary>The <c>system</c> and <c>value</c> of each entry of a resource's <c>identifier</c> that has both.</summary>
    public static IEnumerable<(string System, string Value)> Identifiers(JsonElement resource)
    {
        if (resource.ValueKind == JsonValueKind.Object
            && resource.TryGetProperty("identifier", out var identifiers) && identifiers.ValueKind == JsonValueKind.Array)
        {
            foreach (var identifier in identifiers.EnumerateArray())
            {
                if (identifier.ValueKind == JsonValueKind.Object
                    && identifier.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.String
                    && identifier.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    yield return (system.GetString()!, value.GetString()!);
                }
            }
        }
    }

    /// <summary>
    /// Rewrites the conditional references in one resource's JSON that <paramref name="lookup"/> can resolve
    /// (it returns the target id for a type, system and value, or null). Counts what it resolved and what it could not.
    /// </summary>
    public static string Rewrite(string json, Func<string, string, string, string?> lookup, ref int resolved, ref int unresolved)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(lookup);
        if (!json.Contains("?identifier=", StringComparison.Ordinal))
        {
            return json;
        }

        var done = 0;
        var missed = 0;
        var result = ConditionalReference().Replace(json, match =>
        {
            var type = match.Groups["type"].Value;
            if (TryParse(match.Groups["query"].Value, out var system, out var value) && lookup(type, system, value) is { } id)
            {
                done++;
                return $"\"reference\":\"{type}/{id}\"";
            }

            missed++;
            return match.Value;
        });
        resolved += done;
        unresolved += missed;
        return result;
    }

    /// <summary>
    /// Resolves what can now be resolved in the stored resources that were left with conditional references (listed in
    /// <c>unresolved_references</c> by the import); returns (resolved, still unresolved).
    /// </summary>
    public static (long Resolved, long Unresolved) ResolveAll(DuckDBConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // The candidates are streamed from `connection`; lookups and writes need connections of their own, as a second
        // query on a connection ends the result it is streaming.
        using var lookupConnection = new DuckDBConnection(connection.ConnectionString);
        lookupConnection.Open();
        var lookup = new IdentifierLookup(lookupConnection);
        var totalResolved = 0L;
        var totalUnresolved = 0L;
        var changed = new List<(string Type, string Id, string Json, bool Done)>();
        var candidates = new List<(string Type, string Id, string Json)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = """
                SELECT r.resource_type, r.id, r.json FROM resources r
                JOIN unresolved_references u ON u.resource_type = r.resource_type AND u.id = r.id
                """;
            select.UseStreamingMode = true;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                candidates.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
                if (candidates.Count >= 10_000)
                {
                    Flush();
                }
            }
        }

        Flush();
        return (totalResolved, totalUnresolved);

        void Flush()
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (type, id, json) in candidates)
            {
                int resolved = 0, unresolved = 0;
                var rewritten = Rewrite(json, lookup.Find, ref resolved, ref unresolved);
                totalResolved += resolved;
                totalUnresolved += unresolved;
                if (resolved > 0 || unresolved == 0)
                {
                    changed.Add((type, id, rewritten, unresolved == 0));
                }
            }

            candidates.Clear();
            if (changed.Count == 0)
            {
                return;
            }

            using var writer = new DuckDBConnection(connection.ConnectionString);
            writer.Open();
            AnalyticsStore.Execute(writer, "CREATE TEMP TABLE IF NOT EXISTS resolved (resource_type VARCHAR, id VARCHAR, json VARCHAR, done BOOLEAN); DELETE FROM resolved;");
            using (var appender = writer.CreateAppender("temp", "main", "resolved"))
            {
                foreach (var (type, id, json, done) in changed)
                {
                    appender.CreateRow().AppendValue(type).AppendValue(id).AppendValue(json).AppendValue(done).EndRow();
                }
            }

            using (var transaction = writer.BeginTransaction())
            {
                AnalyticsStore.Execute(writer, """
                    UPDATE resources SET json = r.json FROM temp.resolved r
                    WHERE resources.resource_type = r.resource_type AND resources.id = r.id
                    """);
                AnalyticsStore.Execute(writer, """
                    DELETE FROM unresolved_references u USING temp.resolved r
                    WHERE r.done AND u.resource_type = r.resource_type AND u.id = r.id
                    """);
                transaction.Commit();
            }

            changed.Clear();
        }
    }

    /// <summary>Finds the id of the resource holding an identifier, through the <c>identifiers</c> table, with a cache.</summary>
    internal sealed class IdentifierLookup(DuckDBConnection connection)
    {
        private readonly Dictionary<(string, string, string), string?> cache = [];

        /// <summary>Identifiers of the batch being imported, seen before they are committed.</summary>
        public Func<string, string, string, string?>? Pending { get; set; }

        public string? Find(string type, string system, string value)
        {
            if (Pending?.Invoke(type, system, value) is { } pending)
            {
                return pending;
            }

            if (cache.TryGetValue((type, system, value), out var id))
            {
                return id;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM identifiers WHERE resource_type = $1 AND system = $2 AND value = $3";
            command.Parameters.Add(new DuckDBParameter(type));
            command.Parameters.Add(new DuckDBParameter(system));
            command.Parameters.Add(new DuckDBParameter(value));
            id = command.ExecuteScalar() as string;
            cache[(type, system, value)] = id;
            return id;
        }

        /// <summary>Forgets what was looked up, after new identifiers were committed (an unknown one may now be known).</summary>
        public void Clear() => cache.Clear();
    }
}
