using LearningHealth.Indicators;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Feedback;

public sealed record GetDiscussionQuery(Viewer Viewer, Guid InitiativeId, string IndicatorId);

public sealed record DiscussionEntry(Guid Id, string AuthorName, string Text, DateTime CreatedAt);

public sealed record Discussion(FeedbackTeam Team, IndicatorDefinition Indicator, string TeamKey, IReadOnlyList<DiscussionEntry> Comments);

public sealed record AddDiscussionCommentCommand(Viewer Viewer, Guid InitiativeId, string IndicatorId, string? Text);

/// <summary>
/// A team meeting's thread on one indicator (<see cref="DiscussionComment"/> with team key <c>initiative:{id}</c>).
/// Only the members of the initiative's team, its Leads among them, may read or add to it.
/// </summary>
public sealed class TeamDiscussion(AppDbContext db, FeedbackTeams teams, TimeProvider clock, IndicatorCatalog catalog)
{
    public const int MaxLength = 4000;

    public static string TeamKey(Guid initiativeId) => $"initiative:{initiativeId}";

    public async Task<Guarded<Discussion>> GetAsync(GetDiscussionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (team, refused) = await MemberAccessAsync(query.Viewer, query.InitiativeId, query.IndicatorId, cancellationToken);
        if (refused is not null)
        {
            return new Guarded<Discussion>(null, refused.Refused, refused.Message);
        }

        var key = TeamKey(query.InitiativeId);
        var comments = await db.DiscussionComments.AsNoTracking()
            .Where(c => c.TeamKey == key && c.IndicatorId == query.IndicatorId)
            .Select(c => new DiscussionEntry(c.Id, c.AuthorName, c.Text, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var indicator = catalog.All.First(i => i.Id == query.IndicatorId);
        return Guarded<Discussion>.Ok(new Discussion(team!, indicator, key, [.. comments.OrderBy(c => c.CreatedAt)]));
    }

    public async Task<Guarded<DiscussionEntry>> AddAsync(AddDiscussionCommentCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (_, refused) = await MemberAccessAsync(command.Viewer, command.InitiativeId, command.IndicatorId, cancellationToken);
        if (refused is not null)
        {
            return new Guarded<DiscussionEntry>(null, refused.Refused, refused.Message);
        }

        var text = command.Text?.Trim() ?? "";
        if (text.Length == 0)
        {
            return Guarded<DiscussionEntry>.Invalid("Text", "Text: write a comment.");
        }

        if (text.Length > MaxLength)
        {
            return Guarded<DiscussionEntry>.Invalid("Text", $"Text: at most {MaxLength} characters ({text.Length} given).");
        }

        var comment = new DiscussionComment
        {
            TeamKey = TeamKey(command.InitiativeId),
            IndicatorId = command.IndicatorId,
            Text = text,
            AuthorUserId = command.Viewer.UserId,
            AuthorName = command.Viewer.Name,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.DiscussionComments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        return Guarded<DiscussionEntry>.Ok(new DiscussionEntry(comment.Id, comment.AuthorName, comment.Text, comment.CreatedAt));
    }

    private async Task<(FeedbackTeam? Team, Guarded<FeedbackTeam>? Refused)> MemberAccessAsync(Viewer viewer, Guid initiativeId, string indicatorId, CancellationToken cancellationToken)
    {
        if (catalog.All.All(i => i.Id != indicatorId))
        {
            return (null, Guarded<FeedbackTeam>.NotFound($"There is no indicator '{indicatorId}'."));
        }

        var access = await teams.AccessAsync(viewer, initiativeId, cancellationToken);
        if (!access.Allowed)
        {
            return (null, access);
        }

        return access.Value!.ViewerIsMember
            ? (access.Value, null)
            : (null, Guarded<FeedbackTeam>.Forbidden("Only the members and Leads of this initiative's team take part in its discussion."));
    }
}
