using System.Text.Json;
using System.Text.Json.Serialization;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>
/// The competency frameworks that ship with LearningHealth, read from JSON files embedded in the assembly:
/// LHS core skills, Clinician in a Learning Health System, and the FCI framework's domain titles.
/// </summary>
public static class BuiltInFrameworks
{
    private const string ResourcePrefix = "LearningHealth.Skills.Frameworks.";

    /// <summary>Installed in this order, so that crosswalks can find the frameworks they point at.</summary>
    public static readonly IReadOnlyList<string> Keys = ["fci-core", "lhs-core", "lhs-clinician"];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static FrameworkDocument Load(string key)
    {
        using var stream = typeof(BuiltInFrameworks).Assembly.GetManifestResourceStream(ResourcePrefix + key + ".json")
            ?? throw new InvalidOperationException($"No built-in framework {key}.");
        return JsonSerializer.Deserialize<FrameworkDocument>(stream, Json) ?? throw new InvalidOperationException($"Built-in framework {key} is empty.");
    }

    /// <summary>Adds any built-in framework the database does not have yet; frameworks already there are left alone.</summary>
    public static async Task<int> InstallAsync(AppDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var existing = await db.Frameworks.Select(f => f.Key).Distinct().ToListAsync(cancellationToken);
        var installed = 0;
        foreach (var key in Keys.Where(k => !existing.Contains(k)))
        {
            var outcome = await new SaveFramework(db, clock).HandleAsync(Load(key), builtIn: true, cancellationToken);
            if (!outcome.Succeeded)
            {
                // A broken built-in framework is a defect in the release, not a user error.
                throw new InvalidOperationException(string.Join(" ", outcome.Problems.Select(p => p.Message)));
            }

            installed++;
        }

        return installed;
    }
}
