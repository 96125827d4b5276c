using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

public enum FrameworkFormat
{
    /// <summary>LearningHealth's own CSV: framework, code, parent_code, name, description, level_1..level_n.</summary>
    Csv,
    /// <summary>Moodle's competency framework CSV (the admin tool's 14 columns).</summary>
    Moodle,
    /// <summary>1EdTech CASE 1.0 JSON.</summary>
    Case,
}

public sealed record FrameworkFile(string FileName, string ContentType, string Content);

/// <summary>Writes a framework version (the latest unless one is named) in one of the interchange formats.</summary>
public sealed class ExportFramework(AppDbContext db)
{
    public async Task<FrameworkFile?> HandleAsync(string key, FrameworkFormat format, int? versionNumber = null, CancellationToken cancellationToken = default)
    {
        var document = await LoadAsync(key, versionNumber, cancellationToken);
        if (document is null)
        {
            return null;
        }

        return format switch
        {
            FrameworkFormat.Csv => new FrameworkFile($"{key}-v{document.VersionNumber}.csv", "text/csv", FrameworkCsv.Write(document)),
            FrameworkFormat.Moodle => new FrameworkFile($"{key}-v{document.VersionNumber}-moodle.csv", "text/csv", MoodleFrameworkCsv.Write(document)),
            _ => new FrameworkFile($"{key}-v{document.VersionNumber}-case.json", "application/json", CaseFramework.Write(document)),
        };
    }

    public async Task<FrameworkDocument?> LoadAsync(string key, int? versionNumber = null, CancellationToken cancellationToken = default)
    {
        var framework = await db.Frameworks.AsNoTracking()
            .Where(f => f.Key == key && (versionNumber == null || f.VersionNumber == versionNumber))
            .OrderByDescending(f => f.VersionNumber)
            .Include(f => f.Competencies)
            .FirstOrDefaultAsync(cancellationToken);
        if (framework is null)
        {
            return null;
        }

        var competencies = framework.Competencies.OrderBy(c => c.SortOrder).ToList();
        var codeById = competencies.ToDictionary(c => c.Id, c => c.Code);
        var ids = codeById.Keys.ToList();
        var links = await db.CrosswalkLinks.AsNoTracking()
            .Where(l => ids.Contains(l.FromCompetencyId))
            .Join(db.Competencies, l => l.ToCompetencyId, c => c.Id, (l, c) => new { l.FromCompetencyId, l.Relation, ToKey = c.Framework!.Key, ToCode = c.Code })
            .ToListAsync(cancellationToken);
        var order = competencies.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return new FrameworkDocument
        {
            Key = framework.Key,
            Name = framework.Name,
            Description = framework.Description,
            Publisher = framework.Publisher,
            VersionNumber = framework.VersionNumber,
            ChangedAt = DateTime.SpecifyKind(framework.CreatedAt, DateTimeKind.Utc),
            Levels = framework.Levels.OrderBy(l => l.Number).Select(l => new ScaleLevelEntry { Number = l.Number, Name = l.Name }).ToList(),
            Competencies = competencies.Select(c => new CompetencyEntry
            {
                Code = c.Code,
                Parent = c.ParentId is { } p ? codeById[p] : null,
                Name = c.Name,
                Description = c.Description,
                Descriptors = Enumerable.Range(1, c.Descriptors.Count == 0 ? 0 : c.Descriptors.Max(d => d.Level))
                    .Select(level => c.Descriptors.FirstOrDefault(d => d.Level == level)?.Text ?? "").ToList(),
            }).ToList(),
            Crosswalks = links
                .OrderBy(l => order[l.FromCompetencyId]).ThenBy(l => l.ToKey, StringComparer.Ordinal).ThenBy(l => l.ToCode, StringComparer.Ordinal).ThenBy(l => l.Relation)
                .Select(l => new CrosswalkEntry { From = codeById[l.FromCompetencyId], Relation = l.Relation, ToFramework = l.ToKey, To = l.ToCode })
                .ToList(),
        };
    }
}
