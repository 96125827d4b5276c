using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

public sealed record FrameworkSummary(string Key, string Name, string Publisher, int VersionNumber, int Versions, bool BuiltIn, int Competencies, int Levels);

public sealed record CrosswalkView(CrosswalkRelation Relation, string FrameworkKey, string FrameworkName, string Code, string Name, bool Incoming);

public sealed record CompetencyNode(
    Guid Id, string Code, string Name, string Description, int Depth, IReadOnlyList<LevelDescriptor> Descriptors, bool DescriptorsInherited, IReadOnlyList<CrosswalkView> Crosswalks);

public sealed record FrameworkView(
    Guid Id, string Key, string Name, string Description, string Publisher, int VersionNumber, IReadOnlyList<int> Versions, bool BuiltIn,
    IReadOnlyList<ScaleLevel> Levels, IReadOnlyList<CompetencyNode> Competencies);

/// <summary>The framework browser: every framework, and one framework version as a tree with levels and crosswalks.</summary>
public sealed class BrowseFrameworks(AppDbContext db)
{
    public async Task<IReadOnlyList<FrameworkSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Frameworks.AsNoTracking()
            .Select(f => new { f.Key, f.Name, f.Publisher, f.VersionNumber, f.BuiltIn, Competencies = f.Competencies.Count, f.Levels })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(f => f.Key)
            .Select(g => (Latest: g.MaxBy(f => f.VersionNumber)!, Count: g.Count()))
            .Select(x => new FrameworkSummary(x.Latest.Key, x.Latest.Name, x.Latest.Publisher, x.Latest.VersionNumber, x.Count, x.Latest.BuiltIn, x.Latest.Competencies, x.Latest.Levels.Count))
            .OrderBy(f => !f.BuiltIn).ThenBy(f => f.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    public async Task<FrameworkView?> GetAsync(string key, int? versionNumber = null, CancellationToken cancellationToken = default)
    {
        var versions = await db.Frameworks.AsNoTracking().Where(f => f.Key == key).Select(f => f.VersionNumber).OrderBy(v => v).ToListAsync(cancellationToken);
        var framework = await db.Frameworks.AsNoTracking().Include(f => f.Competencies)
            .Where(f => f.Key == key && (versionNumber == null || f.VersionNumber == versionNumber))
            .OrderByDescending(f => f.VersionNumber).FirstOrDefaultAsync(cancellationToken);
        if (framework is null)
        {
            return null;
        }

        var ids = framework.Competencies.Select(c => c.Id).ToList();
        var outgoing = await db.CrosswalkLinks.AsNoTracking().Where(l => ids.Contains(l.FromCompetencyId))
            .Join(db.Competencies, l => l.ToCompetencyId, c => c.Id, (l, c) => new { Own = l.FromCompetencyId, l.Relation, c.Framework!.Key, FrameworkName = c.Framework.Name, c.Code, c.Name, Incoming = false })
            .ToListAsync(cancellationToken);
        var incoming = await db.CrosswalkLinks.AsNoTracking().Where(l => ids.Contains(l.ToCompetencyId))
            .Join(db.Competencies, l => l.FromCompetencyId, c => c.Id, (l, c) => new { Own = l.ToCompetencyId, l.Relation, c.Framework!.Key, FrameworkName = c.Framework.Name, c.Code, c.Name, Incoming = true })
            .ToListAsync(cancellationToken);
        var links = outgoing.Concat(incoming).ToLookup(l => l.Own, l => new CrosswalkView(l.Relation, l.Key, l.FrameworkName, l.Code, l.Name, l.Incoming));

        var byParent = framework.Competencies.ToLookup(c => c.ParentId);
        var byId = framework.Competencies.ToDictionary(c => c.Id);
        var nodes = new List<CompetencyNode>();
        void Walk(Guid? parent, int depth)
        {
            foreach (var c in byParent[parent].OrderBy(c => c.SortOrder))
            {
                // A competency without descriptors of its own uses its nearest ancestor's, as KSF-style frameworks do.
                var descriptors = c.Descriptors;
                var inherited = false;
                for (var p = c.ParentId; descriptors.Count == 0 && p is { } pid; p = byId[pid].ParentId)
                {
                    descriptors = byId[pid].Descriptors;
                    inherited = descriptors.Count > 0;
                }

                nodes.Add(new CompetencyNode(c.Id, c.Code, c.Name, c.Description, depth, descriptors.OrderBy(d => d.Level).ToList(), inherited,
                    links[c.Id].OrderBy(l => l.FrameworkKey, StringComparer.Ordinal).ThenBy(l => l.Code, StringComparer.Ordinal).ToList()));
                Walk(c.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return new FrameworkView(framework.Id, framework.Key, framework.Name, framework.Description, framework.Publisher, framework.VersionNumber, versions,
            framework.BuiltIn, framework.Levels.OrderBy(l => l.Number).ToList(), nodes);
    }
}
