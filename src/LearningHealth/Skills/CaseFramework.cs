using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningHealth.Hosting;

namespace LearningHealth.Skills;

/// <summary>
/// 1EdTech Competencies and Academic Standards Exchange (CASE) 1.0 JSON: a CFPackage with the CFDocument (the
/// framework), CFItems (competencies), CFAssociations (isChildOf for the tree; exactMatchOf and isRelatedTo for
/// crosswalks) and a CFRubric carrying the proficiency scale and level descriptors. Identifiers are name-based UUIDs,
/// so the same framework always exports the same identifiers. CASE has no broader or narrower association; those
/// crosswalks are written as isRelatedTo with an <c>lhsRelation</c> field that other tools ignore.
/// </summary>
public static partial class CaseFramework
{
    private const string DocumentUriPrefix = "urn:learninghealth:framework:";
    private const string ItemUriPrefix = "urn:learninghealth:competency:";

    [GeneratedRegex("^urn:learninghealth:framework:([a-z0-9-]+):v([0-9]+)$")]
    private static partial Regex DocumentUri();

    [GeneratedRegex("^urn:learninghealth:competency:([a-z0-9-]+):(?:v[0-9]+:)?(.+)$")]
    private static partial Regex ItemUri();

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(FrameworkDocument d)
    {
        var changed = (d.ChangedAt ?? DateTime.UnixEpoch).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var version = d.VersionNumber.ToString(CultureInfo.InvariantCulture);
        var docUri = $"{DocumentUriPrefix}{d.Key}:v{version}";
        var docId = FrameworkRules.StableId($"framework:{d.Key}:v{version}").ToString();
        JsonObject Link(string title, string id, string uri) => new() { ["title"] = title, ["identifier"] = id, ["uri"] = uri };
        JsonObject DocLink() => Link(d.Name, docId, docUri);
        string ItemId(string code) => FrameworkRules.StableId($"competency:{d.Key}:v{version}:{code}").ToString();
        string ItemUriOf(string code) => $"{ItemUriPrefix}{d.Key}:v{version}:{code}";
        var names = d.Competencies.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
        JsonObject ItemLink(string code) => Link(names[code], ItemId(code), ItemUriOf(code));
        var parents = d.Competencies.Where(c => c.Parent is not null).Select(c => c.Parent!).ToHashSet(StringComparer.Ordinal);

        var document = new JsonObject
        {
            ["identifier"] = docId,
            ["uri"] = docUri,
            ["creator"] = d.Publisher,
            ["title"] = d.Name,
            ["description"] = d.Description,
            ["version"] = version,
            ["lastChangeDateTime"] = changed,
        };
        var items = new JsonArray();
        var position = 0;
        foreach (var c in d.Competencies)
        {
            var item = new JsonObject
            {
                ["identifier"] = ItemId(c.Code),
                ["uri"] = ItemUriOf(c.Code),
                ["CFDocumentURI"] = DocLink(),
                ["fullStatement"] = c.Name,
                ["humanCodingScheme"] = c.Code,
                ["listEnumeration"] = (++position).ToString(CultureInfo.InvariantCulture),
                ["CFItemType"] = parents.Contains(c.Code) ? "Domain" : "Competency",
                ["lastChangeDateTime"] = changed,
            };
            if (c.Description.Length > 0)
            {
                item["notes"] = c.Description;
            }

            items.Add(item);
        }

        var associations = new JsonArray();
        foreach (var c in d.Competencies.Where(c => c.Parent is not null))
        {
            associations.Add(Association($"child:{c.Code}", "isChildOf", ItemLink(c.Code), ItemLink(c.Parent!), null));
        }

        foreach (var x in d.Crosswalks)
        {
            var target = Link($"{x.ToFramework} {x.To}", FrameworkRules.StableId($"competency:{x.ToFramework}:{x.To}").ToString(), $"{ItemUriPrefix}{x.ToFramework}:{x.To}");
            var type = x.Relation == CrosswalkRelation.ExactMatch ? "exactMatchOf" : "isRelatedTo";
            var extra = x.Relation is CrosswalkRelation.Broader or CrosswalkRelation.Narrower ? x.Relation.ToString() : null;
            associations.Add(Association($"crosswalk:{x.From}:{x.Relation}:{x.ToFramework}:{x.To}", type, ItemLink(x.From), target, extra));
        }

        JsonObject Association(string name, string type, JsonObject origin, JsonObject destination, string? lhsRelation)
        {
            var a = new JsonObject
            {
                ["identifier"] = FrameworkRules.StableId($"association:{d.Key}:v{version}:{name}").ToString(),
                ["uri"] = $"urn:learninghealth:association:{d.Key}:v{version}:{name}",
                ["CFDocumentURI"] = DocLink(),
                ["associationType"] = type,
                ["originNodeURI"] = origin,
                ["destinationNodeURI"] = destination,
                ["lastChangeDateTime"] = changed,
            };
            if (lhsRelation is not null)
            {
                a["lhsRelation"] = lhsRelation;
            }

            return a;
        }

        var package = new JsonObject
        {
            ["CFDocument"] = document,
            ["CFItems"] = items,
            ["CFAssociations"] = associations,
        };
        if (d.Levels.Count > 0)
        {
            var criteria = new JsonArray();
            foreach (var c in d.Competencies)
            {
                var levels = new JsonArray();
                foreach (var l in d.Levels)
                {
                    levels.Add(new JsonObject
                    {
                        ["identifier"] = FrameworkRules.StableId($"level:{d.Key}:v{version}:{c.Code}:{l.Number}").ToString(),
                        ["uri"] = $"urn:learninghealth:level:{d.Key}:v{version}:{c.Code}:{l.Number}",
                        ["quality"] = l.Name,
                        ["score"] = l.Number,
                        ["description"] = l.Number <= c.Descriptors.Count ? c.Descriptors[l.Number - 1] : "",
                        ["position"] = l.Number,
                        ["lastChangeDateTime"] = changed,
                    });
                }

                criteria.Add(new JsonObject
                {
                    ["identifier"] = FrameworkRules.StableId($"criterion:{d.Key}:v{version}:{c.Code}").ToString(),
                    ["uri"] = $"urn:learninghealth:criterion:{d.Key}:v{version}:{c.Code}",
                    ["category"] = c.Code,
                    ["CFItemURI"] = ItemLink(c.Code),
                    ["CFRubricCriterionLevels"] = levels,
                    ["lastChangeDateTime"] = changed,
                });
            }

            package["CFRubrics"] = new JsonArray(new JsonObject
            {
                ["identifier"] = FrameworkRules.StableId($"rubric:{d.Key}:v{version}").ToString(),
                ["uri"] = $"urn:learninghealth:rubric:{d.Key}:v{version}",
                ["title"] = $"{d.Name} proficiency levels",
                ["CFRubricCriteria"] = criteria,
                ["lastChangeDateTime"] = changed,
            });
        }

        return package.ToJsonString(Indented) + "\n";
    }

    public static Outcome<FrameworkDocument> Parse(string text)
    {
        JsonNode? root;
        try
        {
            // A repeated property is refused while parsing: left to JsonObject, it throws ArgumentException on first access.
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            // A repeated property is reported without a position; "line 1" would mislead.
            return new Problem($"The file is not valid JSON{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: {e.Message}", "File");
        }

        if (root is not JsonObject package || package["CFDocument"] is not JsonObject doc)
        {
            return new Problem("The file is not a CASE package: it has no CFDocument.", "File");
        }

        var problems = new List<Problem>();
        var title = Str(doc, "title");
        var uri = Str(doc, "uri");
        var match = DocumentUri().Match(uri);
        var document = new FrameworkDocument
        {
            Key = match.Success ? match.Groups[1].Value : FrameworkRules.KeyFrom(title),
            Name = title,
            Description = Str(doc, "description"),
            Publisher = Str(doc, "creator"),
            VersionNumber = int.TryParse(Str(doc, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 1,
            ChangedAt = DateTime.TryParse(Str(doc, "lastChangeDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var changed)
                ? SaveFramework.TruncateToSeconds(DateTime.SpecifyKind(changed, DateTimeKind.Utc)) : null,
        };

        var codeById = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byCode = new Dictionary<string, CompetencyEntry>(StringComparer.Ordinal);
        var index = 0;
        foreach (var node in package["CFItems"] as JsonArray ?? [])
        {
            index++;
            if (node is not JsonObject item)
            {
                problems.Add(new Problem($"CFItem {index}: is not an object.", "File"));
                continue;
            }

            var id = Str(item, "identifier");
            if (id.Length == 0)
            {
                problems.Add(new Problem($"CFItem {index}: has no identifier.", "File"));
                continue;
            }

            var entry = new CompetencyEntry
            {
                Code = Str(item, "humanCodingScheme") is { Length: > 0 } code ? code : id,
                Name = Str(item, "fullStatement"),
                Description = Str(item, "notes"),
                Source = $"CFItem {index}",
            };
            codeById[id] = entry.Code;
            byCode.TryAdd(entry.Code, entry);
            document.Competencies.Add(entry);
        }

        index = 0;
        foreach (var node in package["CFAssociations"] as JsonArray ?? [])
        {
            index++;
            var at = $"CFAssociation {index}";
            if (node is not JsonObject a || a["originNodeURI"] is not JsonObject origin || a["destinationNodeURI"] is not JsonObject destination)
            {
                problems.Add(new Problem($"{at}: needs an originNodeURI and a destinationNodeURI.", "File"));
                continue;
            }

            var type = Str(a, "associationType");
            var from = codeById.GetValueOrDefault(Str(origin, "identifier"));
            var to = codeById.GetValueOrDefault(Str(destination, "identifier"));
            if (type == "isChildOf")
            {
                if (from is null || to is null)
                {
                    problems.Add(new Problem($"{at}: isChildOf links items that are not in this document.", "File"));
                }
                else if (byCode[from].Parent is not null && byCode[from].Parent != to)
                {
                    problems.Add(new Problem($"{at}: {from} already has the parent {byCode[from].Parent}.", "File"));
                }
                else
                {
                    byCode[from].Parent = to;
                }
            }
            else if (type is "exactMatchOf" or "isRelatedTo" && from is not null && to is null
                && ItemUri().Match(Str(destination, "uri")) is { Success: true } target)
            {
                var relation = type == "exactMatchOf" ? CrosswalkRelation.ExactMatch
                    : Enum.TryParse<CrosswalkRelation>(Str(a, "lhsRelation"), out var r) ? r : CrosswalkRelation.Related;
                document.Crosswalks.Add(new CrosswalkEntry { From = from, Relation = relation, ToFramework = target.Groups[1].Value, To = target.Groups[2].Value, Source = at });
            }

            // Other association types (and links to frameworks this app cannot name) carry nothing we keep.
        }

        if (package["CFRubrics"] is JsonArray rubrics && rubrics.Count > 0 && rubrics[0] is JsonObject rubric)
        {
            index = 0;
            foreach (var node in rubric["CFRubricCriteria"] as JsonArray ?? [])
            {
                index++;
                if (node is not JsonObject criterion || criterion["CFItemURI"] is not JsonObject itemLink
                    || codeById.GetValueOrDefault(Str(itemLink, "identifier")) is not { } code)
                {
                    problems.Add(new Problem($"CFRubricCriterion {index}: does not name a CFItem of this document.", "File"));
                    continue;
                }

                var levels = (criterion["CFRubricCriterionLevels"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(l => (Score: l["score"]?.GetValueKind() == JsonValueKind.Number ? (int)l["score"]!.GetValue<double>() : 0, Quality: Str(l, "quality"), Text: Str(l, "description")))
                    .OrderBy(l => l.Score).ToList();
                if (document.Levels.Count == 0)
                {
                    document.Levels = levels.Select(l => new ScaleLevelEntry { Number = l.Score, Name = l.Quality }).ToList();
                }

                var descriptors = levels.Select(l => l.Text).ToList();
                while (descriptors.Count > 0 && descriptors[^1].Length == 0)
                {
                    descriptors.RemoveAt(descriptors.Count - 1);
                }

                byCode[code].Descriptors = descriptors;
            }
        }

        problems.AddRange(FrameworkRules.Check(document));
        return problems.Count > 0 ? Outcome<FrameworkDocument>.Fail(problems) : Outcome<FrameworkDocument>.Ok(document);
    }

    private static string Str(JsonObject o, string name) =>
        o[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
}
