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

    /// <summary>Resolves what can be resolved in every stored resource; returns (resolved, still unresolved).</summary>
    public static (long Resolved, long Unresolved) ResolveAll(DuckDBConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var cache = new Dictionary<(string, string, string), string?>();
        using var lookupCommand = connection.CreateCommand();
        lookupCommand.CommandText = "SELECT id FROM identifiers WHERE resource_type = $1 AND system = $2 AND value = $3";
        string? Lookup(string type, string system, string value)
        {
            if (!cache.TryGetValue((type, system, value), out var id))
            {
                lookupCommand.Parameters.Clear();
                lookupCommand.Parameters.Add(new DuckDBParameter(type));
                lookupCommand.Parameters.Add(new DuckDBParameter(system));
                lookupCommand.Parameters.Add(new DuckDBParameter(value));
                id = lookupCommand.ExecuteScalar() as string;
                cache[(type, system, value)] = id;
            }

            return id;
        }

        // Read what needs rewriting first (only ids and JSON of resources holding a conditional reference), in pages.
        var totalResolved = 0L;
        var totalUnresolved = 0L;
        var changed = new List<(string Type, string Id, string Json)>();
        var candidates = new List<(string Type, string Id, string Json)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT resource_type, id, json FROM resources WHERE contains(json, '?identifier=')";
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
                var rewritten = Rewrite(json, Lookup, ref resolved, ref unresolved);
                totalResolved += resolved;
                totalUnresolved += unresolved;
                if (resolved > 0)
                {
                    changed.Add((type, id, rewritten));
                }
            }

            candidates.Clear();
            if (changed.Count == 0)
            {
                return;
            }

            using var writer = new DuckDBConnection(connection.ConnectionString);
            writer.Open();
            AnalyticsStore.Execute(writer, "CREATE TEMP TABLE IF NOT EXISTS resolved (resource_type VARCHAR, id VARCHAR, json VARCHAR); DELETE FROM resolved;");
            using (var appender = writer.CreateAppender("temp", "main", "resolved"))
            {
                foreach (var (type, id, json) in changed)
                {
                    appender.CreateRow().AppendValue(type).AppendValue(id).AppendValue(json).EndRow();
                }
            }

            AnalyticsStore.Execute(writer, """
                UPDATE resources SET json = r.json FROM temp.resolved r
                WHERE resources.resource_type = r.resource_type AND resources.id = r.id
                """);
            changed.Clear();
        }
    }
}
