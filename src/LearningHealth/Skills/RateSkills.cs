using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>A rating to save: new (no Id) or an edit of the author's own draft or returned rating.</summary>
public sealed record RatingCommand(
    Guid? Id, long Version, Guid PersonId, Guid CompetencyId, AssessmentKind Kind, int Level, string? EvidenceNote,
    IReadOnlyList<string> EvidenceLinks, DateOnly? AssessedOn, DateOnly? ValidUntil, bool Submit);

/// <summary>The quick self-assessment of a whole framework: a level (or none) per competency code, saved as drafts or submitted.</summary>
public sealed record SelfAssessmentCommand(string FrameworkKey, IReadOnlyDictionary<string, int> Levels, bool Submit);

/// <summary>
/// Self, peer and assessor ratings. A rating starts as a draft only its author sees, and is submitted for an
/// assessor to confirm or return. Only the author can change a draft or a returned rating; submitted and
/// confirmed ratings are never edited, so the history stays true.
/// </summary>
public sealed class RateSkills(AppDbContext db, TimeProvider clock)
{
    /// <summary>How long a rating counts when no expiry is given.</summary>
    public const int DefaultValidYears = 3;

    public async Task<Outcome<Guid>> SaveAsync(RatingCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        var today = SkillFacts.Today(clock);
        var competency = await db.Competencies.AsNoTracking().Where(c => c.Id == command.CompetencyId)
            .Select(c => new { c.Id, c.Framework!.Levels }).FirstOrDefaultAsync(cancellationToken);
        var problems = new List<Problem>();
        if (competency is null)
        {
            return new Problem("That competency no longer exists.", "CompetencyId", ProblemKind.NotFound);
        }

        if (command.Level < 1 || command.Level > competency.Levels.Count)
        {
            problems.Add(new Problem($"Choose a level from 1 to {competency.Levels.Count}.", "Level"));
        }

        if (command.Kind == AssessmentKind.Self && actor.PersonId != command.PersonId)
        {
            problems.Add(new Problem("A self-assessment can only be made by the person themselves.", "Kind"));
        }

        if (command.Kind != AssessmentKind.Self && actor.PersonId == command.PersonId)
        {
            problems.Add(new Problem("Rate yourself with a self-assessment; peer and assessor ratings come from someone else.", "Kind"));
        }

        var assessedOn = command.AssessedOn ?? today;
        if (assessedOn > today)
        {
            problems.Add(new Problem("The assessment date cannot be in the future.", "AssessedOn"));
        }

        if (command.ValidUntil is { } until && until < assessedOn)
        {
            problems.Add(new Problem("A rating cannot expire before it was made.", "ValidUntil"));
        }

        var links = command.EvidenceLinks.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        foreach (var link in links.Where(l => !Uri.TryCreate(l, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp)))
        {
            problems.Add(new Problem($"\"{link}\" is not a web address (https://...).", "EvidenceLinks"));
        }

        if (!await db.People.AnyAsync(p => p.Id == command.PersonId, cancellationToken))
        {
            problems.Add(new Problem("That person is no longer in the directory.", "PersonId", ProblemKind.NotFound));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        Assessment? assessment;
        if (command.Id is { } id)
        {
            assessment = await db.Assessments.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (assessment is null)
            {
                return new Problem("That rating no longer exists.", Kind: ProblemKind.NotFound);
            }

            if (assessment.RatedByUserId != actor.UserId || assessment.Status is not (AssessmentStatus.Draft or AssessmentStatus.Returned))
            {
                return new Problem("Only the author can change a rating, and only while it is a draft or has been returned.", Kind: ProblemKind.Conflict);
            }

            db.Entry(assessment).Property(a => a.Version).OriginalValue = command.Version;
        }
        else
        {
            assessment = new Assessment { PersonId = command.PersonId, RatedByUserId = actor.UserId, RatedByName = actor.Name, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Assessments.Add(assessment);
        }

        assessment.CompetencyId = command.CompetencyId;
        assessment.Kind = command.Kind;
        assessment.Level = command.Level;
        assessment.EvidenceNote = string.IsNullOrWhiteSpace(command.EvidenceNote) ? null : command.EvidenceNote.Trim();
        assessment.EvidenceLinks = links;
        assessment.AssessedOn = assessedOn;
        assessment.ValidUntil = command.ValidUntil ?? assessedOn.AddYears(DefaultValidYears);
        assessment.Status = command.Submit ? AssessmentStatus.Submitted : AssessmentStatus.Draft;
        assessment.ReturnReason = command.Submit ? null : assessment.ReturnReason;
        if (command.Submit)
        {
            await WithdrawEarlierAsync([assessment], cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("This rating was changed after you opened it. Reload the page and try again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<Guid>.Ok(assessment.Id);
    }

    /// <summary>
    /// Saves the whole-framework form: each competency given a level gets the person's open self-rating (their draft,
    /// or a returned one) updated, or a new one. Competencies left blank are not touched.
    /// </summary>
    public async Task<Outcome<int>> SelfAssessAsync(SelfAssessmentCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.PersonId is not { } personId)
        {
            return new Problem("Your account is not linked to a person in the directory, so it has no skills to assess.", Kind: ProblemKind.NotFound);
        }

        var today = SkillFacts.Today(clock);
        var framework = await db.Frameworks.AsNoTracking().Where(f => f.Key == command.FrameworkKey).OrderByDescending(f => f.VersionNumber)
            .Include(f => f.Competencies).FirstOrDefaultAsync(cancellationToken);
        if (framework is null)
        {
            return new Problem("That framework no longer exists.", Kind: ProblemKind.NotFound);
        }

        var byCode = framework.Competencies.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var problems = new List<Problem>();
        foreach (var (code, level) in command.Levels.Where(l => l.Value != 0))
        {
            if (!byCode.ContainsKey(code))
            {
                problems.Add(new Problem($"{code} is not in {framework.Name}.", code));
            }
            else if (level < 1 || level > framework.Levels.Count)
            {
                problems.Add(new Problem($"Choose a level from 1 to {framework.Levels.Count} for {code}.", code));
            }
        }

        if (problems.Count > 0)
        {
            return Outcome<int>.Fail(problems);
        }

        var ids = byCode.Values.Select(c => c.Id).ToList();
        var open = await db.Assessments
            .Where(a => a.PersonId == personId && a.RatedByUserId == actor.UserId && a.Kind == AssessmentKind.Self
                && (a.Status == AssessmentStatus.Draft || a.Status == AssessmentStatus.Returned) && ids.Contains(a.CompetencyId))
            .ToListAsync(cancellationToken);
        var saved = new List<Assessment>();
        foreach (var (code, level) in command.Levels.Where(l => l.Value != 0))
        {
            var competency = byCode[code];
            var assessment = open.FirstOrDefault(a => a.CompetencyId == competency.Id);
            if (assessment is null)
            {
                assessment = new Assessment
                {
                    PersonId = personId, CompetencyId = competency.Id, Kind = AssessmentKind.Self,
                    RatedByUserId = actor.UserId, RatedByName = actor.Name, CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.Assessments.Add(assessment);
            }

            assessment.Level = level;
            assessment.AssessedOn = today;
            assessment.ValidUntil = today.AddYears(DefaultValidYears);
            assessment.Status = command.Submit ? AssessmentStatus.Submitted : AssessmentStatus.Draft;
            saved.Add(assessment);
        }

        if (command.Submit)
        {
            await WithdrawEarlierAsync(saved, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome<int>.Ok(saved.Count);
    }

    /// <summary>
    /// Withdraws a submitted rating that no assessor has reviewed yet, at its author's request (submitted by mistake, or
    /// no longer meant). It stays in the person's history as withdrawn and leaves the assessors' queue.
    /// </summary>
    public async Task<Outcome<bool>> WithdrawAsync(Guid id, long version, Actor actor, CancellationToken cancellationToken = default)
    {
        var assessment = await db.Assessments.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null)
        {
            return new Problem("That rating no longer exists.", Kind: ProblemKind.NotFound);
        }

        if (assessment.RatedByUserId != actor.UserId)
        {
            return new Problem("Only the person who made a rating can withdraw it.", Kind: ProblemKind.Conflict);
        }

        if (assessment.Status != AssessmentStatus.Submitted)
        {
            return new Problem("Only a rating still waiting for an assessor can be withdrawn; this one has been reviewed or withdrawn already.", Kind: ProblemKind.Conflict);
        }

        db.Entry(assessment).Property(a => a.Version).OriginalValue = version;
        assessment.Status = AssessmentStatus.Withdrawn;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Not withdrawn: forget the change, so a later call in this scope reads the rating as it is.
            db.Entry(assessment).State = EntityState.Detached;
            return new Problem("An assessor reviewed or changed this rating after you opened it. Reload the page.", Kind: ProblemKind.Conflict);
        }

        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Withdraws the ratings that <paramref name="submitted"/> replace: submitted by the same author, of the same kind,
    /// person and competency (by framework and code, in any version of the framework), and still waiting for an
    /// assessor. Without this an assessor would be asked to confirm a level its author has since changed.
    /// </summary>
    private async Task WithdrawEarlierAsync(IReadOnlyList<Assessment> submitted, CancellationToken cancellationToken)
    {
        if (submitted.Count == 0)
        {
            return;
        }

        var competencyIds = submitted.Select(a => a.CompetencyId).Distinct().ToList();
        var keys = await db.Competencies.AsNoTracking().Where(c => competencyIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Framework!.Key, c.Code }).ToDictionaryAsync(c => c.Id, c => (c.Key, c.Code), cancellationToken);
        var people = submitted.Select(a => a.PersonId).Distinct().ToList();
        var authors = submitted.Select(a => a.RatedByUserId).Distinct().ToList();
        var ids = submitted.Select(a => a.Id).ToList();
        var waiting = await db.Assessments
            .Where(a => a.Status == AssessmentStatus.Submitted && people.Contains(a.PersonId) && authors.Contains(a.RatedByUserId) && !ids.Contains(a.Id))
            .Select(a => new { Assessment = a, a.Competency!.Framework!.Key, a.Competency.Code })
            .ToListAsync(cancellationToken);
        foreach (var earlier in waiting)
        {
            if (submitted.Any(s => s.PersonId == earlier.Assessment.PersonId && s.RatedByUserId == earlier.Assessment.RatedByUserId
                && s.Kind == earlier.Assessment.Kind && keys[s.CompetencyId] == (earlier.Key, earlier.Code)))
            {
                earlier.Assessment.Status = AssessmentStatus.Withdrawn;
            }
        }
    }
}
