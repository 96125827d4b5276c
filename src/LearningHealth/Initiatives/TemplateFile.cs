using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LearningHealth.Hosting;
using LearningHealth.Teams;

namespace LearningHealth.Initiatives;

/// <summary>
/// The file format of a nature-of-work template: the built-in templates are written in it, and Leads can export a
/// template, edit it and import it back. Parsing checks every field and names the one that is wrong.
/// </summary>
public static partial class TemplateFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The shape of the file, separate from the entity so the format stays stable as the model changes.</summary>
    private sealed record Document(
        string? Key,
        string? Name,
        string? Description,
        List<RoleRequirement>? Roles,
        List<CompetencyRequirement>? Competencies,
        List<string>? Governance);

    public static Outcome<InitiativeTemplate> Parse(string json, string source)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            return new Problem($"{source}{where}: {e.Message.Split(" Path:")[0]}{(e.Path is { Length: > 1 } path ? $" (field {path})" : "")}");
        }

        if (document is null)
        {
            return new Problem($"{source}: the file is empty.");
        }

        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(document.Key) || !KeyPattern().IsMatch(document.Key))
        {
            problems.Add(new Problem($"{source}: key must be lower-case letters, digits and hyphens, e.g. audit-and-feedback.", "key"));
        }

        if (string.IsNullOrWhiteSpace(document.Name))
        {
            problems.Add(new Problem($"{source}: name is required.", "name"));
        }

        var roles = document.Roles ?? [];
        for (var i = 0; i < roles.Count; i++)
        {
            var role = roles[i];
            if (!Enum.IsDefined(role.Group))
            {
                problems.Add(new Problem($"{source}: roles[{i}].group is not a discipline group.", $"roles[{i}].group"));
            }

            if (role.Count is < 0 or > 100)
            {
                problems.Add(new Problem($"{source}: roles[{i}].count must be between 0 and 100.", $"roles[{i}].count"));
            }

            if (role.Fte is < 0 or > 100)
            {
                problems.Add(new Problem($"{source}: roles[{i}].fte must be between 0 and 100.", $"roles[{i}].fte"));
            }
        }

        var competencies = document.Competencies ?? [];
        for (var i = 0; i < competencies.Count; i++)
        {
            var competency = competencies[i];
            if (string.IsNullOrWhiteSpace(competency.Framework) || string.IsNullOrWhiteSpace(competency.Code))
            {
                problems.Add(new Problem($"{source}: competencies[{i}] needs a framework and a code.", $"competencies[{i}]"));
            }

            if (competency.MinimumLevel is < 1 or > 7)
            {
                problems.Add(new Problem($"{source}: competencies[{i}].minimumLevel must be between 1 and 7.", $"competencies[{i}].minimumLevel"));
            }

            if (competency.Holders is < 1 or > 50)
            {
                problems.Add(new Problem($"{source}: competencies[{i}].holders must be between 1 and 50.", $"competencies[{i}].holders"));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<InitiativeTemplate>.Fail(problems);
        }

        return Outcome<InitiativeTemplate>.Ok(new InitiativeTemplate
        {
            Key = document.Key!,
            Name = document.Name!.Trim(),
            Description = document.Description?.Trim() ?? "",
            Roles = roles,
            Competencies = competencies,
            Governance = (document.Governance ?? []).Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => new GovernanceItem { Name = g.Trim() }).ToList(),
        });
    }

    public static string Write(InitiativeTemplate template) => JsonSerializer.Serialize(
        new Document(template.Key, template.Name, template.Description, template.Roles, template.Competencies, template.Governance.Select(g => g.Name).ToList()),
        Options);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,79}$")]
    private static partial Regex KeyPattern();
}
