using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LearningHealth.Fhir;
using LearningHealth.Indicators;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

/// <summary>What one pass of <see cref="RecordDefinitionChanges"/> recorded.</summary>
public sealed record DefinitionChangesRecorded(int Changes, int Baselines);

/// <summary>
/// Records, once each, the changes to what feedback depends on, for the "What changed" feed and for re-basing SPC
/// charts: indicator definitions (a new version or definition), thresholds (target, minimum denominator), and the
/// views indicators read. The first time an item is seen its state is recorded as a baseline (no <c>FromVersion</c>);
/// after that each new state is compared with the latest recorded one. The unique index on kind, item and fingerprint
/// makes a second pass, or two passes at once, record nothing twice. Template changes are recorded when a template is
/// saved (<see cref="ManageTemplates"/>, via <see cref="TemplateChange"/>).
/// </summary>
/// <remarks>
/// An indicator's fingerprint is a hash of what it counts (version, SQL, views, attribution, period, direction), not
/// of its thresholds, so a changed target is one Threshold change rather than an Indicator change too. A change is a
/// re-base (<see cref="DefinitionChange.Rebase"/>) only when the version changes: that is how an indicator's authors
/// say its meaning changed. When this is the first time an indicator is seen but <c>indicator_runs</c> shows it was
/// computed at an earlier version, the version change is recorded from that history (the earlier definition itself
/// was not kept, so the summary says only which versions).
/// </remarks>
public sealed class RecordDefinitionChanges(AppDbContext db, DatabaseOptions database, TimeProvider clock, IndicatorCatalog catalog)
{
    public const string DetectedBy = "LearningHealth (detected)";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<DefinitionChangesRecorded> HandleAsync(IReadOnlyList<IndicatorDefinition>? indicators = null, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            return await RecordAsync(indicators ?? catalog.All, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<DefinitionChangesRecorded> RecordAsync(IReadOnlyList<IndicatorDefinition> indicators, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        var known = await db.DefinitionChanges.AsNoTracking()
            .Where(c => c.Kind == DefinitionKind.Indicator || c.Kind == DefinitionKind.Threshold || c.Kind == DefinitionKind.View)
            .ToListAsync(cancellationToken);
        var latest = known.GroupBy(c => (c.Kind, c.ItemKey))
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.ChangedAt).ThenBy(c => c.Id).Last());
        var fingerprints = known.Select(c => (c.Kind, c.ItemKey, c.Fingerprint)).ToHashSet();
        var analytics = AnalyticsDatabase.PathIn(database.DataDirectory);
        var runs = ReadRunHistory(analytics);
        var added = new List<DefinitionChange>();

        DefinitionChange Add(DefinitionKind kind, string key, string title, string? from, string to, string fingerprint, string summary, DateOnly effective, bool rebase)
        {
            var change = new DefinitionChange
            {
                Kind = kind, ItemKey = key, ItemTitle = Clip(title, 300), FromVersion = from is null ? null : Clip(from, 40), ToVersion = Clip(to, 40),
                Fingerprint = fingerprint, Summary = Clip(summary, 4000), EffectiveFrom = effective, Rebase = rebase, ChangedBy = DetectedBy, ChangedAt = now,
            };
            added.Add(change);
            fingerprints.Add((kind, key, fingerprint));
            return change;
        }

        foreach (var indicator in indicators)
        {
            // The month the current definition was first computed is when its results began to mean the new thing.
            var computed = runs.Where(r => r.IndicatorId == indicator.Id && r.DefinitionHash == indicator.DefinitionHash()).Select(r => (DateTime?)r.FirstRun).Min();
            var effective = computed is { } at ? new DateOnly(at.Year, at.Month, 1) : thisMonth;
            var meaning = MeaningFingerprint(indicator);
            if (!fingerprints.Contains((DefinitionKind.Indicator, indicator.Id, meaning)))
            {
                if (!latest.TryGetValue((DefinitionKind.Indicator, indicator.Id), out var previous))
                {
                    var earlier = runs.Where(r => r.IndicatorId == indicator.Id && r.Version != indicator.Version && (computed is null || r.FirstRun < computed))
                        .OrderBy(r => r.FirstRun).LastOrDefault();
                    if (earlier is not null)
                    {
                        Add(DefinitionKind.Indicator, indicator.Id, indicator.Title, earlier.Version, indicator.Version, meaning,
                            $"Version {earlier.Version} → {indicator.Version}. Results for every period were recomputed with the new definition; charts are re-based from {Month(effective)}. " +
                            "The earlier definition was computed here but not kept, so the fields that changed cannot be listed: see the indicator's history in the library.",
                            effective, rebase: true);
                    }
                    else
                    {
                        Add(DefinitionKind.Indicator, indicator.Id, indicator.Title, null, indicator.Version, meaning,
                            $"First recorded at version {indicator.Version}.", effective, rebase: false);
                    }
                }
                else
                {
                    var versionChanged = !string.Equals(previous.ToVersion, indicator.Version, StringComparison.Ordinal);
                    Add(DefinitionKind.Indicator, indicator.Id, indicator.Title, previous.ToVersion, indicator.Version, meaning,
                        versionChanged
                            ? $"Version {previous.ToVersion} → {indicator.Version}: what the indicator counts changed (its SQL, views, attribution, period or direction). " +
                              $"Results for every period were recomputed with the new definition; charts are re-based from {Month(effective)}."
                            : $"The definition changed without a new version (still {indicator.Version}): its SQL, views, attribution, period or direction differ from what was recorded on {previous.ChangedAt:d MMMM yyyy}. Charts are not re-based.",
                        effective, rebase: versionChanged);
                }
            }

            var threshold = ThresholdFingerprint(indicator);
            if (!fingerprints.Contains((DefinitionKind.Threshold, indicator.Id, threshold)))
            {
                latest.TryGetValue((DefinitionKind.Threshold, indicator.Id), out var previous);
                Add(DefinitionKind.Threshold, indicator.Id, indicator.Title, previous?.ToVersion, indicator.Version, threshold,
                    previous is null
                        ? $"First recorded: target {Percent(indicator.Target)}, minimum denominator {indicator.MinimumDenominator}."
                        : DescribeThresholdChange(previous.Fingerprint ?? "", threshold),
                    thisMonth, rebase: false);
            }
        }

        foreach (var (name, json) in CurrentViews(analytics))
        {
            var fingerprint = Sha256(Canonical(json));
            if (fingerprints.Contains((DefinitionKind.View, name, fingerprint)))
            {
                continue;
            }

            latest.TryGetValue((DefinitionKind.View, name), out var previous);
            var readers = indicators.Where(i => i.Views.Contains(name, StringComparer.Ordinal)).Select(i => i.Id).ToList();
            var affects = readers.Count == 0 ? "No built-in indicator reads it." : $"Indicators reading it: {string.Join(", ", readers)}.";
            Add(DefinitionKind.View, name, name, previous?.ToVersion, "sha256:" + fingerprint[..12], fingerprint,
                previous is null
                    ? $"First recorded. {affects}"
                    : $"The view's definition (which FHIR elements it reads and how) changed. {affects} Their results change when the view is materialised again and they are recomputed.",
                thisMonth, rebase: false);
        }

        if (added.Count == 0)
        {
            return new DefinitionChangesRecorded(0, 0);
        }

        db.DefinitionChanges.AddRange(added);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process recorded the same changes first: they are recorded, which is all that matters.
            db.ChangeTracker.Clear();
            return new DefinitionChangesRecorded(0, 0);
        }

        var baselines = added.Count(c => c.FromVersion is null);
        return new DefinitionChangesRecorded(added.Count - baselines, baselines);
    }

    /// <summary>A hash of what an indicator counts: everything in its definition hash but the thresholds, plus its views.</summary>
    public static string MeaningFingerprint(IndicatorDefinition indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return Sha256(string.Join('\u001f', indicator.Id, indicator.Version, indicator.Denominator, indicator.Numerator,
            string.Join(',', indicator.Views), string.Join(',', indicator.Attribution), indicator.Period, indicator.Improvement));
    }

    /// <summary>The thresholds as text, e.g. <c>target=0.3;minimumDenominator=10</c>: the fingerprint of a Threshold change.</summary>
    public static string ThresholdFingerprint(IndicatorDefinition indicator)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        return $"target={indicator.Target?.ToString("R", CultureInfo.InvariantCulture) ?? "none"};minimumDenominator={indicator.MinimumDenominator.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Names each threshold field that changed, with its old and new value.</summary>
    internal static string DescribeThresholdChange(string before, string after)
    {
        var old = ParseThresholds(before);
        var now = ParseThresholds(after);
        var parts = new List<string>();
        if (old.GetValueOrDefault("target") != now.GetValueOrDefault("target"))
        {
            parts.Add($"target changed from {Percent(ParseTarget(old.GetValueOrDefault("target")))} to {Percent(ParseTarget(now.GetValueOrDefault("target")))}");
        }

        if (old.GetValueOrDefault("minimumDenominator") != now.GetValueOrDefault("minimumDenominator"))
        {
            parts.Add($"minimum denominator changed from {old.GetValueOrDefault("minimumDenominator") ?? "unknown"} to {now.GetValueOrDefault("minimumDenominator")}");
        }

        var text = parts.Count == 0 ? "thresholds changed" : string.Join("; ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..] + ". What is counted is unchanged; the target line and the units charted move.";
    }

    /// <summary>A Template change for the "What changed" feed, saying which parts of the template differ.</summary>
    public static DefinitionChange TemplateChange(InitiativeTemplate before, InitiativeTemplate after, long fromVersion, string changedBy, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var parts = new List<string>();
        if (before.Name != after.Name)
        {
            parts.Add($"name (was \"{before.Name}\")");
        }

        if (before.Description != after.Description)
        {
            parts.Add("description");
        }

        static string Roles(InitiativeTemplate t) => string.Join('|', t.Roles.Select(r => $"{r.Group}/{r.Profession}/{r.Count}/{r.Fte}/{r.LeadRequired}"));
        static string Competencies(InitiativeTemplate t) => string.Join('|', t.Competencies.Select(c => $"{c.Framework}/{c.Code}/{c.MinimumLevel}/{c.Holders}"));
        if (Roles(before) != Roles(after))
        {
            parts.Add($"role requirements ({before.Roles.Count} → {after.Roles.Count})");
        }

        if (Competencies(before) != Competencies(after))
        {
            parts.Add($"competency requirements ({before.Competencies.Count} → {after.Competencies.Count})");
        }

        var governanceBefore = before.Governance.Select(g => g.Name).ToList();
        var governanceAfter = after.Governance.Select(g => g.Name).ToList();
        if (!governanceBefore.SequenceEqual(governanceAfter))
        {
            parts.Add($"governance ({governanceBefore.Count} → {governanceAfter.Count} items)");
        }

        var content = string.Join('\u001f', after.Name, after.Description, Roles(after), Competencies(after), string.Join('|', governanceAfter));
        return new DefinitionChange
        {
            Kind = DefinitionKind.Template,
            ItemKey = after.Key,
            ItemTitle = Clip(after.Name, 300),
            FromVersion = fromVersion.ToString(CultureInfo.InvariantCulture),
            ToVersion = (fromVersion + 1).ToString(CultureInfo.InvariantCulture),
            // The version saved from is unique per save (the save checks it), so saving back an earlier content is still recorded.
            Fingerprint = Sha256($"{fromVersion.ToString(CultureInfo.InvariantCulture)}\u001f{content}"),
            Summary = Clip($"Changed: {string.Join("; ", parts)}. Initiatives made from the template keep their own copy of the requirements.", 4000),
            EffectiveFrom = DateOnly.FromDateTime(at),
            Rebase = false,
            ChangedBy = Clip(changedBy, 200),
            ChangedAt = at,
        };
    }

    private sealed record RunHistory(string IndicatorId, string Version, string DefinitionHash, DateTime FirstRun);

    /// <summary>Each definition an indicator was computed with, and when first: from <c>indicator_runs</c>.</summary>
    private static List<RunHistory> ReadRunHistory(string analytics)
    {
        var history = new List<RunHistory>();
        if (!File.Exists(analytics))
        {
            return history;
        }

        using var connection = ComputeIndicators.Open(analytics, readOnly: true);
        if (!ComputeIndicators.TableExists(connection, ComputeIndicators.RunsTable))
        {
            return history;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT indicator_id, indicator_version, definition_hash, min(started_at)
            FROM {ComputeIndicators.RunsTable} WHERE status = 'computed'
            GROUP BY indicator_id, indicator_version, definition_hash
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            history.Add(new RunHistory(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDateTime(3)));
        }

        return history;
    }

    /// <summary>The views in use: those materialised in the analytics store, and the shipped ones not yet materialised.</summary>
    private static SortedDictionary<string, string> CurrentViews(string analytics)
    {
        var views = new SortedDictionary<string, string>(IndicatorViews.All.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, definition) in AnalyticsCatalog.MaterialisedDefinitions(analytics))
        {
            views[name] = definition;
        }

        return views;
    }


    /// <summary>Parsed and written back compactly, so re-indenting a view is not a change.</summary>
    private static string Canonical(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString() ?? json;
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    private static Dictionary<string, string?> ParseThresholds(string fingerprint) =>
        fingerprint.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => (string?)p[1], StringComparer.Ordinal);

    private static double? ParseTarget(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static string Percent(double? value) => value is { } v ? v.ToString("0.#%", CultureInfo.InvariantCulture) : "none";

    internal static string Month(DateOnly month) => month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
