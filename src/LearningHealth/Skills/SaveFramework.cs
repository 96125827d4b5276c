using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>
/// Saves a framework document as a new framework, or as the next version of an existing custom one. Everything is
/// checked first and written in one transaction, so a bad file leaves nothing half-imported. Built-in frameworks
/// cannot be replaced by an import.
/// </summary>
public sealed class SaveFramework(AppDbContext db, TimeProvider clock)
{
    public async Task<Outcome<Guid>> HandleAsync(FrameworkDocument document, bool builtIn = false, CancellationToken cancellationToken = default)
    {
        var problems = FrameworkRules.Check(document);
        var latest = await db.Frameworks.AsNoTracking().Where(f => f.Key == document.Key)
            .OrderByDescending(f => f.VersionNumber).Select(f => new { f.VersionNumber, f.BuiltIn }).FirstOrDefaultAsync(cancellationToken);
        if (latest is { BuiltIn: true } && !builtIn)
        {
            problems.Add(new Problem($"{document.Key} is a built-in framework and cannot be replaced; import it under another key.", "Key", ProblemKind.Conflict));
        }

        // Crosswalk targets: the latest version of the other framework.
        var targetKeys = document.Crosswalks.Select(x => x.ToFramework).Distinct().ToList();
        var targets = await db.Competencies.AsNoTracking()
            .Where(c => targetKeys.Contains(c.Framework!.Key))
            .Select(c => new { c.Id, c.Code, c.Framework!.Key, c.Framework.VersionNumber })
            .ToListAsync(cancellationToken);
        var latestTargets = targets.GroupBy(t => t.Key)
            .SelectMany(g => g.Where(t => t.VersionNumber == g.Max(x => x.VersionNumber)))
            .ToDictionary(t => (t.Key, t.Code), t => t.Id);
        foreach (var x in document.Crosswalks.Where(x => !latestTargets.ContainsKey((x.ToFramework, x.To))))
        {
            var at = string.IsNullOrEmpty(x.Source) ? "" : $"{x.Source}: ";
            problems.Add(new Problem($"{at}the crosswalk target {x.ToFramework} {x.To} is not a known competency.", "File"));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var framework = new Framework
        {
            Key = document.Key,
            VersionNumber = latest is null ? Math.Max(1, document.VersionNumber) : latest.VersionNumber + 1,
            Name = document.Name.Trim(),
            Description = document.Description.Trim(),
            Publisher = document.Publisher.Trim(),
            BuiltIn = builtIn,
            Levels = document.Levels.Select(l => new ScaleLevel { Number = l.Number, Name = l.Name.Trim() }).ToList(),
            CreatedAt = document.ChangedAt ?? TruncateToSeconds(clock.GetUtcNow().UtcDateTime),
        };
        var byCode = new Dictionary<string, Competency>(StringComparer.Ordinal);
        var order = 0;
        foreach (var entry in document.Competencies)
        {
            var competency = new Competency
            {
                FrameworkId = framework.Id,
                Code = entry.Code.Trim(),
                Name = entry.Name.Trim(),
                Description = entry.Description.Trim(),
                SortOrder = order++,
                Descriptors = entry.Descriptors
                    .Select((text, i) => new LevelDescriptor { Level = i + 1, Text = text.Trim() })
                    .Where(d => d.Text.Length > 0).ToList(),
            };
            byCode[entry.Code] = competency;
            framework.Competencies.Add(competency);
        }

        foreach (var entry in document.Competencies.Where(e => e.Parent is not null))
        {
            byCode[entry.Code].ParentId = byCode[entry.Parent!].Id;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Frameworks.Add(framework);
        await db.SaveChangesAsync(cancellationToken);
        db.CrosswalkLinks.AddRange(document.Crosswalks
            .Select(x => (From: byCode[x.From].Id, To: latestTargets[(x.ToFramework, x.To)], x.Relation))
            .Distinct()
            .Select(x => new CrosswalkLink { FromCompetencyId = x.From, ToCompetencyId = x.To, Relation = x.Relation }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<Guid>.Ok(framework.Id);
    }

    internal static DateTime TruncateToSeconds(DateTime value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
