using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

/// <summary>The nature-of-work templates that ship with LearningHealth, read from the data files embedded in the assembly.</summary>
public static class BuiltInTemplates
{
    private const string ResourcePrefix = "LearningHealth.Initiatives.Templates.";

    public static IReadOnlyList<InitiativeTemplate> Load()
    {
        var assembly = typeof(BuiltInTemplates).Assembly;
        var templates = new List<InitiativeTemplate>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var outcome = TemplateFile.Parse(reader.ReadToEnd(), name[ResourcePrefix.Length..]);
            if (!outcome.Succeeded)
            {
                // A broken built-in template is a defect in the release, not a user error.
                throw new InvalidOperationException(string.Join(" ", outcome.Problems.Select(p => p.Message)));
            }

            outcome.Value!.BuiltIn = true;
            templates.Add(outcome.Value);
        }

        return templates;
    }

    /// <summary>Adds any built-in template the database does not have yet. Templates already there are left alone.</summary>
    public static async Task<int> InstallAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var existing = await db.InitiativeTemplates.Select(t => t.Key).ToListAsync(cancellationToken);
        var missing = Load().Where(t => !existing.Contains(t.Key)).ToList();
        db.InitiativeTemplates.AddRange(missing);
        await db.SaveChangesAsync(cancellationToken);
        return missing.Count;
    }
}
