using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

public sealed record PostResearchFindingCommand(Guid InitiativeId, string? Title, string? Summary, string ActorName);

/// <summary>A posted finding and who was told.</summary>
public sealed record PostedFinding(Guid FindingId, IReadOnlyList<string> NotifiedUserIds);

/// <summary>
/// Posts an initiative's result back to the people whose practice produced it: the finding is kept on the
/// initiative's evaluation page, and every clinician member of the team whose data contributed to the evaluated
/// periods and who has an account gets a notification linking to it. The finding and its notifications are saved
/// together or not at all.
/// </summary>
public sealed class PostResearchFinding(AppDbContext db, EvaluateInitiative evaluate, TimeProvider clock)
{
    public async Task<Outcome<PostedFinding>> HandleAsync(PostResearchFindingCommand command, CancellationToken cancellationToken = default)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(command.Title))
        {
            problems.Add(new Problem("Give the finding a title.", nameof(command.Title)));
        }
        else if (command.Title.Trim().Length > 300)
        {
            problems.Add(new Problem("The title must be at most 300 characters.", nameof(command.Title)));
        }

        if (string.IsNullOrWhiteSpace(command.Summary))
        {
            problems.Add(new Problem("Write a summary of what the evaluation found.", nameof(command.Summary)));
        }
        else if (command.Summary.Trim().Length > 4000)
        {
            // The summary is also the notification's body, which holds at most 4000 characters.
            problems.Add(new Problem("The summary must be at most 4000 characters.", nameof(command.Summary)));
        }

        if (problems.Count > 0)
        {
            return Outcome<PostedFinding>.Fail(problems);
        }

        var evaluation = await evaluate.HandleAsync(command.InitiativeId, cancellationToken);
        if (evaluation is null)
        {
            return new Problem("That initiative no longer exists.", Kind: ProblemKind.NotFound);
        }

        if (evaluation.Problem is not null)
        {
            return new Problem($"There is no result to post yet: {evaluation.Problem}");
        }

        var contributorIds = evaluation.Contributors.Select(c => c.PersonId).ToList();
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.PersonId != null && contributorIds.Contains(u.PersonId.Value))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var finding = new ResearchFinding
        {
            InitiativeId = evaluation.InitiativeId,
            Title = command.Title!.Trim(),
            Summary = command.Summary!.Trim(),
            IndicatorId = evaluation.Indicator?.Id,
            PostedByName = command.ActorName,
            PostedAt = now,
            Recipients = recipients.Count,
        };
        db.ResearchFindings.Add(finding);
        db.Notifications.AddRange(recipients.Select(userId => new Notification
        {
            UserId = userId,
            Kind = NotificationKind.ResearchFinding,
            Title = $"{evaluation.Title}: {finding.Title}",
            Body = finding.Summary,
            Link = $"/team/initiatives/{evaluation.InitiativeId}/evaluation",
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<PostedFinding>.Ok(new PostedFinding(finding.Id, recipients));
    }
}
