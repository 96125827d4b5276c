using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

public sealed record QueuedRating(
    Guid Id, long Version, Guid PersonId, string PersonName, string FrameworkKey, string Code, string CompetencyName, AssessmentKind Kind,
    int Level, string LevelName, string? EvidenceNote, IReadOnlyList<string> EvidenceLinks, DateOnly AssessedOn, DateOnly? ValidUntil, string? RatedByName);

/// <summary>
/// The assessor's side: the queue of submitted ratings, and confirming or returning one. An assessor (Lead or Admin,
/// through the AssessSkills policy) never confirms or returns a rating of themselves.
/// </summary>
public sealed class ReviewAssessments(AppDbContext db, TimeProvider clock)
{
    /// <summary>How long a confirmed rating counts when the assessor gives no expiry.</summary>
    public const int DefaultValidYears = 2;

    public async Task<IReadOnlyList<QueuedRating>> QueueAsync(Actor assessor, CancellationToken cancellationToken = default)
    {
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.Status == AssessmentStatus.Submitted && (assessor.PersonId == null || a.PersonId != assessor.PersonId) && a.RatedByUserId != assessor.UserId)
            .Join(db.People, a => a.PersonId, p => p.Id, (a, p) => new { a, p.GivenName, p.FamilyName, a.Competency!.Code, a.Competency.Name, a.Competency.Framework!.Key, a.Competency.Framework.Levels })
            .ToListAsync(cancellationToken);
        return rows
            .OrderBy(r => r.a.AssessedOn).ThenBy(r => r.FamilyName, StringComparer.CurrentCulture)
            .Select(r => new QueuedRating(r.a.Id, r.a.Version, r.a.PersonId, $"{r.GivenName} {r.FamilyName}", r.Key, r.Code, r.Name, r.a.Kind, r.a.Level,
                r.Levels.FirstOrDefault(l => l.Number == r.a.Level)?.Name ?? "", r.a.EvidenceNote, r.a.EvidenceLinks, r.a.AssessedOn, r.a.ValidUntil, r.a.RatedByName))
            .ToList();
    }

    public async Task<Outcome<bool>> ConfirmAsync(Guid id, long version, DateOnly? validUntil, Actor assessor, CancellationToken cancellationToken = default)
    {
        var (assessment, problem) = await OpenForReviewAsync(id, version, assessor, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (validUntil is { } until && until < assessment!.AssessedOn)
        {
            return new Problem("A rating cannot expire before it was made.", "ValidUntil");
        }

        assessment!.Status = AssessmentStatus.Confirmed;
        assessment.ValidUntil = validUntil ?? assessment.AssessedOn.AddYears(DefaultValidYears);
        assessment.ReturnReason = null;
        return await SaveReviewAsync(assessment, assessor, cancellationToken);
    }

    public async Task<Outcome<bool>> ReturnAsync(Guid id, long version, string? reason, Actor assessor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new Problem("Say why the rating is returned, so the person knows what to change.", "Reason");
        }

        var (assessment, problem) = await OpenForReviewAsync(id, version, assessor, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        assessment!.Status = AssessmentStatus.Returned;
        assessment.ReturnReason = reason.Trim();
        return await SaveReviewAsync(assessment, assessor, cancellationToken);
    }

    private async Task<(Assessment? Assessment, Problem? Problem)> OpenForReviewAsync(Guid id, long version, Actor assessor, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null)
        {
            return (null, new Problem("That rating no longer exists.", Kind: ProblemKind.NotFound));
        }

        if (assessor.PersonId == assessment.PersonId || assessment.RatedByUserId == assessor.UserId)
        {
            return (null, new Problem("You cannot confirm or return a rating of yourself or one you made; another assessor must review it.", Kind: ProblemKind.Conflict));
        }

        if (assessment.Status != AssessmentStatus.Submitted)
        {
            return (null, new Problem("Only a submitted rating can be confirmed or returned; this one has already been reviewed or withdrawn.", Kind: ProblemKind.Conflict));
        }

        db.Entry(assessment).Property(a => a.Version).OriginalValue = version;
        return (assessment, null);
    }

    private async Task<Outcome<bool>> SaveReviewAsync(Assessment assessment, Actor assessor, CancellationToken cancellationToken)
    {
        assessment.ReviewedByUserId = assessor.UserId;
        assessment.ReviewedByName = assessor.Name;
        assessment.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem("Someone else reviewed or changed this rating after you opened it. Reload the queue.", Kind: ProblemKind.Conflict);
        }

        return Outcome<bool>.Ok(true);
    }
}
