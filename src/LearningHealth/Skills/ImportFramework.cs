using LearningHealth.Hosting;

namespace LearningHealth.Skills;

/// <summary>Reads a framework file in one of the supported formats and saves it, all or nothing.</summary>
public sealed class ImportFramework(SaveFramework save)
{
    public static Outcome<FrameworkDocument> Parse(string text, FrameworkFormat format) => format switch
    {
        FrameworkFormat.Csv => FrameworkCsv.Parse(text),
        FrameworkFormat.Moodle => MoodleFrameworkCsv.Parse(text),
        _ => CaseFramework.Parse(text),
    };

    /// <summary>Guesses the format: JSON for CASE, Moodle's header, or our own CSV.</summary>
    public static FrameworkFormat Detect(string text)
    {
        var start = text.TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (start.StartsWith('{'))
        {
            return FrameworkFormat.Case;
        }

        return start.StartsWith("Parent ID number", StringComparison.OrdinalIgnoreCase) || start.StartsWith("\"Parent ID number", StringComparison.OrdinalIgnoreCase)
            ? FrameworkFormat.Moodle
            : FrameworkFormat.Csv;
    }

    public async Task<Outcome<Guid>> HandleAsync(string text, FrameworkFormat? format = null, CancellationToken cancellationToken = default)
    {
        var parsed = Parse(text, format ?? Detect(text));
        return parsed.Succeeded ? await save.HandleAsync(parsed.Value!, builtIn: false, cancellationToken) : Outcome<Guid>.Fail(parsed.Problems);
    }
}
