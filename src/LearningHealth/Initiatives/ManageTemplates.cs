using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Initiatives;

public sealed record TemplateSummary(string Key, string Name, string Description, bool BuiltIn, int Roles, int Competencies);

/// <param name="ChangedBy">Who saves, for the "What changed" feed.</param>
public sealed record SaveTemplateCommand(string Key, long Version, string Name, string Description, IReadOnlyList<RoleRequirement> Roles, IReadOnlyList<CompetencyRequirement> Competencies, IReadOnlyList<string> Governance, string? ChangedBy = null);

/// <summary>
/// The nature-of-work templates: list them, copy one (built-in or not) to make a custom template, edit a custom
/// template, and import or export one as a file. Built-in templates are never edited in place, so an upgrade of
/// LearningHealth can rely on them. Each save that changes a template is recorded, in the same transaction, as a
/// DefinitionChange for the "What changed" feed.
/// </summary>
public sealed class ManageTemplates(AppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<TemplateSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.InitiativeTemplates.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(t => t.BuiltIn ? 0 : 1).ThenBy(t => t.Name, StringComparer.CurrentCulture)
            .Select(t => new TemplateSummary(t.Key, t.Name, t.Description, t.BuiltIn, t.Roles.Count, t.Competencies.Count))
            .ToList();

    public Task<InitiativeTemplate?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        db.InitiativeTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key, cancellationToken);

    public async Task<Outcome<string>> CopyAsync(string key, string newName, CancellationToken cancellationToken = default)
    {
        var source = await GetAsync(key, cancellationToken);
        if (source is null)
        {
            return new Problem($"There is no template '{key}'.", Kind: ProblemKind.NotFound);
        }

        if (string.IsNullOrWhiteSpace(newName))
        {
            return new Problem("Give the copy a name.", "Name");
        }

        var copy = TemplateFile.Parse(TemplateFile.Write(source), "copy").Value!;
        copy.Key = await FreeKeyAsync(Slug(newName), cancellationToken);
        copy.Name = newName.Trim();
        copy.BuiltIn = false;
        db.InitiativeTemplates.Add(copy);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<string>.Ok(copy.Key);
    }

    public async Task<Outcome<long>> SaveAsync(SaveTemplateCommand command, CancellationToken cancellationToken = default)
    {
        var template = await db.InitiativeTemplates.FirstOrDefaultAsync(t => t.Key == command.Key, cancellationToken);
        if (template is null)
        {
            return new Problem($"There is no template '{command.Key}'.", Kind: ProblemKind.NotFound);
        }

        if (template.BuiltIn)
        {
            return new Problem("Built-in templates cannot be changed. Copy it, then edit the copy.", Kind: ProblemKind.Conflict);
        }

        // Validate through the file format, so the editor and imported files obey the same rules.
        var candidate = new InitiativeTemplate
        {
            Key = command.Key,
            Name = command.Name,
            Description = command.Description,
            Roles = command.Roles.Where(r => r.Count > 0 || r.Fte > 0 || r.LeadRequired).ToList(),
            Competencies = command.Competencies.Where(c => !string.IsNullOrWhiteSpace(c.Code)).ToList(),
            Governance = command.Governance.Select(g => new GovernanceItem { Name = g }).ToList(),
        };
        var checkedTemplate = TemplateFile.Parse(TemplateFile.Write(candidate), "template");
        if (!checkedTemplate.Succeeded)
        {
            return Outcome<long>.Fail(checkedTemplate.Problems);
        }

        var before = TemplateFile.Parse(TemplateFile.Write(template), "template").Value;
        db.Entry(template).Property(t => t.Version).OriginalValue = command.Version;
        template.Name = checkedTemplate.Value!.Name;
        template.Description = checkedTemplate.Value.Description;
        template.Roles = checkedTemplate.Value.Roles;
        template.Competencies = checkedTemplate.Value.Competencies;
        template.Governance = checkedTemplate.Value.Governance;
        db.Entry(template).State = EntityState.Modified;
        if (before is not null && TemplateFile.Write(before) != TemplateFile.Write(template))
        {
            db.DefinitionChanges.Add(Feedback.RecordDefinitionChanges.TemplateChange(
                before, template, command.Version, string.IsNullOrWhiteSpace(command.ChangedBy) ? "unknown" : command.ChangedBy, clock.GetUtcNow().UtcDateTime));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else saved this template after you opened it. Reload the page to see their changes, then make yours again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<long>.Ok(template.Version);
    }

    /// <summary>Adds a template from a file. Its key must be new: importing never overwrites a template.</summary>
    public async Task<Outcome<string>> ImportAsync(string json, string fileName, CancellationToken cancellationToken = default)
    {
        var parsed = TemplateFile.Parse(json, fileName);
        if (!parsed.Succeeded)
        {
            return Outcome<string>.Fail(parsed.Problems);
        }

        if (await db.InitiativeTemplates.AnyAsync(t => t.Key == parsed.Value!.Key, cancellationToken))
        {
            return new Problem($"{fileName}: a template with key '{parsed.Value!.Key}' already exists. Change the key to import it as a new template.", "key", ProblemKind.Conflict);
        }

        db.InitiativeTemplates.Add(parsed.Value!);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<string>.Ok(parsed.Value!.Key);
    }

    private async Task<string> FreeKeyAsync(string baseKey, CancellationToken cancellationToken)
    {
        var key = baseKey;
        for (var n = 2; await db.InitiativeTemplates.AnyAsync(t => t.Key == key, cancellationToken); n++)
        {
            key = $"{baseKey}-{n}";
        }

        return key;
    }

    private static string Slug(string name)
    {
        var chars = name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length < 2 ? "custom-template" : slug[..Math.Min(slug.Length, 60)];
    }
}
