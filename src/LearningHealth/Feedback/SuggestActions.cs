using System.Text.Json;
using LearningHealth.Persistence;
using LearningHealth.Skills;

namespace LearningHealth.Feedback;

/// <summary>A competency worth making a learning goal of: the person's level is below <see cref="TargetLevel"/>.</summary>
public sealed record CompetencySuggestion(
    Guid CompetencyId, string FrameworkKey, string Code, string Name, int? CurrentLevel, int TargetLevel, string Because);

/// <summary>Clinical actions for the indicator and competencies to develop, for the action-plan form to offer as prefills.</summary>
public sealed record ActionSuggestions(
    string IndicatorId, IReadOnlyList<string> Actions, IReadOnlyList<CompetencySuggestion> Competencies, IReadOnlyList<GoalChoice> GoalChoices);

/// <summary>A competency the action-plan form offers for a learning goal, with its framework's highest level.</summary>
public sealed record GoalChoice(Guid CompetencyId, string FrameworkKey, string Code, string Name, int ScaleTop);

/// <summary>
/// Suggests what to do about feedback on one indicator. Actions are clinical suggestions kept as data
/// (<c>Feedback/Suggestions/suggestions.json</c>, embedded: a default list plus a list per indicator id).
/// Competencies are those the file names for every indicator (reading routine analytics, acting on feedback) and for
/// this indicator, plus any of the person's skills gaps among them, each suggested only while the person's current
/// level is below the target: the level their initiatives require when they have a gap, otherwise
/// <see cref="DefaultTargetLevel"/>.
/// </summary>
public sealed class SuggestActions(AppDbContext db, AnalyseGaps gaps, TimeProvider clock)
{
    /// <summary>"Practising": a clinician acting on their own feedback should at least apply these skills in their work.</summary>
    public const int DefaultTargetLevel = 2;

    /// <summary>The built-in "Clinician in a Learning Health System" framework.</summary>
    public const string ClinicianFramework = "lhs-clinician";

    private static readonly Lazy<SuggestionFile> File = new(Load);

    public async Task<ActionSuggestions> HandleAsync(Guid personId, string indicatorId, CancellationToken cancellationToken = default)
    {
        var file = File.Value;
        var specific = file.Indicators.GetValueOrDefault(indicatorId);
        var actions = (specific?.Actions ?? []).Concat(file.Default.Actions).Distinct(StringComparer.Ordinal).ToList();
        var wanted = file.Default.Competencies.Concat(specific?.Competencies ?? [])
            .Select(c => c.Split(':', 2)).Select(p => (Key: p[0], Code: p[1])).Distinct().ToList();

        var personGaps = (await gaps.ForPersonAsync(personId, cancellationToken))?.Gaps ?? [];
        var latest = (await SkillFacts.LatestCompetenciesAsync(db, cancellationToken)).ToDictionary(c => (c.FrameworkKey, c.Code));
        var levels = await SkillFacts.CurrentLevelsAsync(db, [personId], SkillFacts.Today(clock), cancellationToken);
        var suggestions = new List<CompetencySuggestion>();
        foreach (var (key, code) in wanted)
        {
            if (!latest.TryGetValue((key, code), out var competency))
            {
                continue; // The framework is not installed here.
            }

            var gap = personGaps.FirstOrDefault(g => g.FrameworkKey == key && g.Code == code && g.Kind != GapKind.Unconfirmed);
            var current = levels.Get(personId, key, code)?.Level;
            var target = Math.Max(gap?.Required ?? 0, DefaultTargetLevel);
            if ((current ?? 0) >= target)
            {
                continue;
            }

            var now = current is { } level ? $"you are at level {level}" : "you have no rating yet";
            var because = gap is not null
                ? $"{string.Join(", ", gap.Initiatives)} need{(gap.Initiatives.Count == 1 ? "s" : "")} level {gap.Required}; {now}."
                : $"Acting on feedback calls for at least level {target}; {now}.";
            suggestions.Add(new CompetencySuggestion(competency.Id, key, code, competency.Name, current, Math.Min(target, competency.ScaleTop), because));
        }

        // Goals may be set on any competency of the clinician framework, or on any of the person's gaps.
        var choices = latest.Values
            .Where(c => c.FrameworkKey == ClinicianFramework || personGaps.Any(g => g.FrameworkKey == c.FrameworkKey && g.Code == c.Code))
            .OrderBy(c => c.FrameworkKey, StringComparer.Ordinal).ThenBy(c => c.SortOrder)
            .Select(c => new GoalChoice(c.Id, c.FrameworkKey, c.Code, c.Name, c.ScaleTop))
            .ToList();
        return new ActionSuggestions(indicatorId, actions, suggestions, choices);
    }

    private sealed record SuggestionEntry(IReadOnlyList<string>? Actions, IReadOnlyList<string>? Competencies);

    private sealed record SuggestionFile(SuggestionList Default, IReadOnlyDictionary<string, SuggestionEntry> Indicators);

    private sealed record SuggestionList(IReadOnlyList<string> Actions, IReadOnlyList<string> Competencies);

    private static SuggestionFile Load()
    {
        const string name = "LearningHealth.Feedback.Suggestions.suggestions.json";
        using var stream = typeof(SuggestActions).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        var file = JsonSerializer.Deserialize<SuggestionFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{name} is empty.");
        return file;
    }
}
