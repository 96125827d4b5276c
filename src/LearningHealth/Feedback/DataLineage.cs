using System.Text.Json;
using System.Text.RegularExpressions;
using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>One column of a view and the data elements its FHIRPath reads.</summary>
public sealed record LineageColumn(string Name, string Path, IReadOnlyList<string> Elements);

/// <summary>A view in the lineage: its resource, columns and the elements its <c>where</c> clauses filter on.</summary>
public sealed record LineageView(string Name, string Resource, bool BuiltIn, IReadOnlyList<LineageColumn> Columns, IReadOnlyList<string> FilterElements)
{
    /// <summary>Every element the view reads: its columns' and its filters'.</summary>
    public IReadOnlyList<string> Elements { get; } = [.. Columns.SelectMany(c => c.Elements).Concat(FilterElements).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>Something that uses an indicator's results: the monthly feedback report or an initiative's evaluation.</summary>
public sealed record LineageUse(string Key, string Title, string Link);

/// <summary>An indicator in the lineage: the views it reads, the columns its SQL names and the elements it depends on.</summary>
public sealed record LineageIndicator(
    string Id,
    string Title,
    bool ClinicianLevel,
    IReadOnlyList<string> Views,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> DeclaredElements,
    IReadOnlyList<string> Elements,
    IReadOnlyList<LineageUse> Uses);

/// <summary>A data element (resource type and top-level element) and everything downstream of it.</summary>
public sealed record LineageElement(
    string Key,
    string ResourceType,
    string Element,
    bool RecordedByClinicians,
    IReadOnlyList<string> Views,
    IReadOnlyList<string> Indicators,
    IReadOnlyList<LineageUse> Uses);

/// <summary>Elements → views → indicators → uses (reports and initiatives), derived from the definitions themselves.</summary>
public sealed record LineageGraph(
    IReadOnlyList<LineageElement> Elements,
    IReadOnlyList<LineageView> Views,
    IReadOnlyList<LineageIndicator> Indicators,
    IReadOnlyList<LineageUse> Uses);

/// <summary>An initiative that evaluates an indicator.</summary>
public sealed record EvaluatingInitiative(Guid Id, string Title, string IndicatorId);

/// <summary>
/// Derives the data lineage of feedback on practice from what is actually configured, so it cannot drift from the
/// code: the SQL-on-FHIR ViewDefinitions (shipped and materialised), the indicator definitions and the initiatives
/// that evaluate an indicator. See docs/data-use.md for the rules.
/// </summary>
/// <remarks>
/// The FHIRPath parser of LearningHealth.SqlOnFhir is internal to that library, so element names are taken from the
/// paths by <see cref="PathElements"/>, a small tokenizer that follows the FHIRPath grammar only as far as lineage
/// needs: which member names are navigated from the resource itself.
/// </remarks>
public sealed partial class DataLineage(AppDbContext db, DatabaseOptions database, IndicatorCatalog catalog)
{
    /// <summary>The monthly feedback report: every indicator attributed to clinicians is in it.</summary>
    public static readonly LineageUse FeedbackReport = new("report:feedback", "Monthly feedback on practice", "/learning-cycle/practice");

    /// <summary>Resource types whose records name the clinician, and the element that does (FHIR R4).</summary>
    public static readonly IReadOnlyDictionary<string, string> ClinicianElements = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Encounter"] = "participant",
        ["MedicationRequest"] = "requester",
        ["Condition"] = "recorder",
        ["Observation"] = "performer",
    };

    public async Task<LineageGraph> BuildAsync(CancellationToken cancellationToken = default)
    {
        var views = new SortedDictionary<string, (string Json, bool BuiltIn)>(StringComparer.Ordinal);
        foreach (var (name, json) in IndicatorViews.All)
        {
            views[name] = (json, true);
        }

        // A materialised view is what indicator SQL actually reads, so its stored definition wins over a shipped one.
        foreach (var (name, json) in AnalyticsCatalog.MaterialisedDefinitions(AnalyticsDatabase.PathIn(database.DataDirectory)))
        {
            views[name] = (json, IndicatorViews.All.TryGetValue(name, out var shipped) && shipped == json);
        }

        var initiatives = await db.Initiatives.AsNoTracking()
            .Where(i => i.EvaluationIndicatorId != null && i.EvaluationDesign != EvaluationDesign.None)
            .OrderBy(i => i.Title)
            .Select(i => new EvaluatingInitiative(i.Id, i.Title, i.EvaluationIndicatorId!))
            .ToListAsync(cancellationToken);
        return Derive(views.ToDictionary(v => v.Key, v => v.Value), catalog.All, initiatives);
    }

    /// <summary>The lineage of the given views, indicators and initiatives (pure; what <see cref="BuildAsync"/> uses).</summary>
    public static LineageGraph Derive(
        IReadOnlyDictionary<string, (string Json, bool BuiltIn)> viewDefinitions,
        IReadOnlyList<IndicatorDefinition> indicators,
        IReadOnlyList<EvaluatingInitiative> initiatives)
    {
        var views = viewDefinitions.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => ReadView(v.Key, v.Value.Json, v.Value.BuiltIn))
            .ToList();
        var viewsByName = views.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var viewElements = views.SelectMany(v => v.Elements).ToHashSet(StringComparer.Ordinal);

        var lineageIndicators = new List<LineageIndicator>();
        foreach (var indicator in indicators.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var words = SqlWords(indicator.Denominator + "\n" + indicator.Numerator);
            var columns = new List<string>();
            var elements = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var viewName in indicator.Views)
            {
                if (!viewsByName.TryGetValue(viewName, out var view))
                {
                    continue;
                }

                // A view's filter decides which rows exist at all, so every reader of the view depends on it.
                elements.UnionWith(view.FilterElements);
                foreach (var column in view.Columns.Where(c => words.Contains(c.Name)))
                {
                    columns.Add($"{view.Name}.{column.Name}");
                    elements.UnionWith(column.Elements);
                }
            }

            var declared = indicator.DataElements.Select(NormaliseElement).Where(e => e is not null)
                .SelectMany(e => Typed(e!, viewElements)).Distinct().ToList();
            elements.UnionWith(declared);
            var uses = new List<LineageUse>();
            var clinicianLevel = indicator.Attribution.Contains(AttributionLevel.Clinician);
            if (clinicianLevel)
            {
                uses.Add(FeedbackReport);
            }

            uses.AddRange(initiatives.Where(i => i.IndicatorId == indicator.Id)
                .Select(i => new LineageUse($"initiative:{i.Id}", i.Title, $"/team/initiatives/{i.Id}/evaluation")));
            lineageIndicators.Add(new LineageIndicator(indicator.Id, indicator.Title, clinicianLevel, indicator.Views, columns, declared, [.. elements], uses));
        }

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        keys.UnionWith(views.SelectMany(v => v.Elements));
        keys.UnionWith(lineageIndicators.SelectMany(i => i.Elements));
        var lineageElements = keys.Select(key =>
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            var resource = key[..dot];
            var usingIndicators = lineageIndicators.Where(i => i.Elements.Contains(key)).ToList();
            return new LineageElement(
                key,
                resource,
                key[(dot + 1)..],
                ClinicianElements.ContainsKey(resource),
                [.. views.Where(v => v.Elements.Contains(key)).Select(v => v.Name)],
                [.. usingIndicators.Select(i => i.Id)],
                [.. usingIndicators.SelectMany(i => i.Uses).DistinctBy(u => u.Key).OrderBy(u => u.Key == FeedbackReport.Key ? 0 : 1).ThenBy(u => u.Title, StringComparer.Ordinal)]);
        }).ToList();
        var allUses = lineageIndicators.SelectMany(i => i.Uses).DistinctBy(u => u.Key)
            .OrderBy(u => u.Key == FeedbackReport.Key ? 0 : 1).ThenBy(u => u.Title, StringComparer.Ordinal).ToList();
        return new LineageGraph(lineageElements, views, lineageIndicators, allUses);
    }

    /// <summary>
    /// <c>Encounter.period.start</c> → <c>Encounter.period</c>: lineage is kept at the level of a resource's own
    /// elements, the level a register entry or a clinician recognises. Null for text that is not a FHIR path.
    /// </summary>
    public static string? NormaliseElement(string dataElement)
    {
        var parts = dataElement.Trim().Split('.');
        return parts.Length >= 2 && parts[0].Length > 0 && char.IsUpper(parts[0][0]) && parts[1].Length > 0 ? $"{parts[0]}.{parts[1]}" : null;
    }

    /// <summary>
    /// A declared choice element (<c>Observation.value[x]</c>) is the typed elements the views read
    /// (<c>Observation.valueQuantity</c>, <c>Observation.valueCodeableConcept</c>), so the two notations meet as one
    /// node; with no typed element in any view it stays as declared.
    /// </summary>
    private static IEnumerable<string> Typed(string element, IReadOnlySet<string> viewElements)
    {
        if (!element.EndsWith("[x]", StringComparison.Ordinal))
        {
            return [element];
        }

        var stem = element[..^3];
        var typed = viewElements.Where(e => e.Length > stem.Length && e.StartsWith(stem, StringComparison.Ordinal) && char.IsUpper(e[stem.Length])).ToList();
        return typed.Count > 0 ? typed : [element];
    }

    private static LineageView ReadView(string name, string json, bool builtIn)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var resource = root.TryGetProperty("resource", out var r) ? r.GetString() ?? "" : "";
        var columns = new List<LineageColumn>();
        var filters = new SortedSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("where", out var wheres) && wheres.ValueKind == JsonValueKind.Array)
        {
            foreach (var where in wheres.EnumerateArray())
            {
                if (where.TryGetProperty("path", out var path) && path.GetString() is { } text)
                {
                    filters.UnionWith(PathElements.FromResource(resource, text));
                }
            }
        }

        if (root.TryGetProperty("select", out var selects))
        {
            foreach (var select in selects.EnumerateArray())
            {
                ReadSelect(resource, select, null, columns);
            }
        }

        return new LineageView(root.TryGetProperty("name", out var n) ? n.GetString() ?? name : name, resource, builtIn, columns, [.. filters]);
    }

    /// <summary>
    /// Columns under a <c>forEach</c> / <c>forEachOrNull</c> are navigated from the iterated element, so they read
    /// that element (e.g. <c>Practitioner.identifier</c> for <c>identifier_value</c> with path <c>value</c>).
    /// </summary>
    private static void ReadSelect(string resource, JsonElement select, IReadOnlyList<string>? inherited, List<LineageColumn> columns)
    {
        var context = inherited;
        foreach (var iteration in new[] { "forEach", "forEachOrNull" })
        {
            if (select.TryGetProperty(iteration, out var path) && path.GetString() is { } text)
            {
                // A nested forEach is relative to its parent's element, which stays the element read.
                context = inherited ?? PathElements.FromResource(resource, text);
            }
        }

        if (select.TryGetProperty("column", out var cols))
        {
            foreach (var column in cols.EnumerateArray())
            {
                var name = column.GetProperty("name").GetString() ?? "";
                var path = column.GetProperty("path").GetString() ?? "";
                columns.Add(new LineageColumn(name, path, context ?? PathElements.FromResource(resource, path)));
            }
        }

        foreach (var nested in new[] { "select", "unionAll" })
        {
            if (select.TryGetProperty(nested, out var children) && children.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in children.EnumerateArray())
                {
                    ReadSelect(resource, child, context, columns);
                }
            }
        }
    }

    private static HashSet<string> SqlWords(string sql) =>
        new(WordPattern().Matches(sql).Select(m => m.Value.ToLowerInvariant()), StringComparer.Ordinal);

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex WordPattern();
}
