using LearningHealth.Hosting;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

public sealed record GoalView(
    Guid Id, long Version, Guid CompetencyId, string FrameworkKey, string Code, string CompetencyName, int TargetLevel, int StartLevel, int? CurrentLevel,
    DateOnly? TargetDate, GoalStatus Status, Guid? FeedbackActionId, IReadOnlyList<LearningActivity> Activities)
{
    /// <summary>Levels gained since the goal was set.</summary>
    public int Progress => Math.Max(0, (CurrentLevel ?? 0) - StartLevel);
    public bool Reached => (CurrentLevel ?? 0) >= TargetLevel;
}

public sealed record SuggestedGoal(Guid CompetencyId, string FrameworkKey, string Code, string Name, int TargetLevel, int? CurrentLevel, IReadOnlyList<string> Because);

public sealed record LearningPlanView(
    Guid? PlanId, long Version, Guid PersonId, string PersonName, IReadOnlyList<GoalView> Goals, IReadOnlyList<SuggestedGoal> Suggestions,
    string? ReviewNote, string? ReviewedByName, DateTime? ReviewedAt);

public sealed record GoalCommand(Guid PersonId, Guid CompetencyId, int TargetLevel, DateOnly? TargetDate, Guid? FeedbackActionId, IReadOnlyList<LearningActivity> Activities);

/// <summary>
/// A person's learning plan: goals with activities and target dates, suggestions drawn from their gaps, progress
/// since each goal was set, and an assessor's review.
/// </summary>
public sealed class ManageLearningPlan(AppDbContext db, AnalyseGaps gaps, TimeProvider clock)
{
    public async Task<LearningPlanView?> GetAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var today = SkillFacts.Today(clock);
        var personGaps = await gaps.ForPersonAsync(personId, cancellationToken);
        if (personGaps is null)
        {
            return null;
        }

        var plan = await db.LearningPlans.AsNoTracking().Include(p => p.Goals).ThenInclude(g => g.Competency!).ThenInclude(c => c.Framework)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.PersonId == personId, cancellationToken);
        var levels = await SkillFacts.CurrentLevelsAsync(db, [personId], today, cancellationToken);
        var goals = (plan?.Goals ?? [])
            .OrderBy(g => g.Status is GoalStatus.Achieved or GoalStatus.Dropped).ThenBy(g => g.TargetDate ?? DateOnly.MaxValue).ThenBy(g => g.CreatedAt)
            .Select(g => new GoalView(g.Id, g.Version, g.CompetencyId, g.Competency!.Framework!.Key, g.Competency.Code, g.Competency.Name, g.TargetLevel, g.StartLevel,
                levels.Get(personId, g.Competency.Framework.Key, g.Competency.Code)?.Level, g.TargetDate, g.Status, g.FeedbackActionId, g.Activities))
            .ToList();
        var openGoals = goals.Where(g => g.Status is GoalStatus.Planned or GoalStatus.InProgress).Select(g => (g.FrameworkKey, g.Code)).ToHashSet();
        var suggestions = personGaps.Gaps
            .Where(g => g.Kind != GapKind.Unconfirmed && g.CompetencyId is not null && !openGoals.Contains((g.FrameworkKey, g.Code)))
            .Select(g => new SuggestedGoal(g.CompetencyId!.Value, g.FrameworkKey, g.Code, g.Name, g.Required, g.Current, g.Initiatives))
            .ToList();
        return new LearningPlanView(plan?.Id, plan?.Version ?? 0, personId, personGaps.Name, goals, suggestions, plan?.ReviewNote, plan?.ReviewedByName, plan?.ReviewedAt);
    }

    public async Task<Outcome<Guid>> AddGoalAsync(GoalCommand command, CancellationToken cancellationToken = default)
    {
        var today = SkillFacts.Today(clock);
        var competency = await db.Competencies.AsNoTracking().Where(c => c.Id == command.CompetencyId)
            .Select(c => new { c.Code, c.Framework!.Key, c.Framework.Levels }).FirstOrDefaultAsync(cancellationToken);
        if (competency is null)
        {
            return new Problem("Choose a competency for the goal.", "CompetencyId");
        }

        var problems = new List<Problem>();
        if (command.TargetLevel < 1 || command.TargetLevel > competency.Levels.Count)
        {
            problems.Add(new Problem($"Choose a target level from 1 to {competency.Levels.Count}.", "TargetLevel"));
        }

        if (command.TargetDate is { } date && date < today)
        {
            problems.Add(new Problem("The target date has passed; choose a later one.", "TargetDate"));
        }

        if (!await db.People.AnyAsync(p => p.Id == command.PersonId, cancellationToken))
        {
            problems.Add(new Problem("That person is no longer in the directory.", Kind: ProblemKind.NotFound));
        }

        if (problems.Count > 0)
        {
            return Outcome<Guid>.Fail(problems);
        }

        var plan = await db.LearningPlans.FirstOrDefaultAsync(p => p.PersonId == command.PersonId, cancellationToken);
        if (plan is null)
        {
            plan = new LearningPlan { PersonId = command.PersonId, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.LearningPlans.Add(plan);
        }

        var current = (await SkillFacts.CurrentLevelsAsync(db, [command.PersonId], today, cancellationToken)).Get(command.PersonId, competency.Key, competency.Code);
        var goal = new LearningGoal
        {
            PlanId = plan.Id,
            CompetencyId = command.CompetencyId,
            TargetLevel = command.TargetLevel,
            StartLevel = current?.Level ?? 0,
            TargetDate = command.TargetDate,
            Status = GoalStatus.Planned,
            FeedbackActionId = command.FeedbackActionId,
            Activities = command.Activities.Where(a => !string.IsNullOrWhiteSpace(a.Description)).ToList(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.LearningGoals.Add(goal);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Guid>.Ok(goal.Id);
    }

    public async Task<Outcome<bool>> SetGoalStatusAsync(Guid personId, Guid goalId, long version, GoalStatus status, CancellationToken cancellationToken = default)
    {
        var goal = await db.LearningGoals.Where(g => g.Id == goalId && db.LearningPlans.Any(p => p.Id == g.PlanId && p.PersonId == personId)).FirstOrDefaultAsync(cancellationToken);
        if (goal is null)
        {
            return new Problem("That goal is no longer in the plan.", Kind: ProblemKind.NotFound);
        }

        db.Entry(goal).Property(g => g.Version).OriginalValue = version;
        goal.Status = status;
        return await SaveAsync("goal", cancellationToken);
    }

    public async Task<Outcome<bool>> AddActivityAsync(Guid personId, Guid goalId, long version, LearningActivity activity, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(activity.Description))
        {
            return new Problem("Describe the activity.", "Description");
        }

        var goal = await db.LearningGoals.Where(g => g.Id == goalId && db.LearningPlans.Any(p => p.Id == g.PlanId && p.PersonId == personId)).FirstOrDefaultAsync(cancellationToken);
        if (goal is null)
        {
            return new Problem("That goal is no longer in the plan.", Kind: ProblemKind.NotFound);
        }

        db.Entry(goal).Property(g => g.Version).OriginalValue = version;
        goal.Activities = [.. goal.Activities, new LearningActivity { Kind = activity.Kind, Description = activity.Description.Trim(), TargetDate = activity.TargetDate }];
        if (goal.Status == GoalStatus.Planned)
        {
            goal.Status = GoalStatus.InProgress;
        }

        return await SaveAsync("goal", cancellationToken);
    }

    /// <summary>An assessor's review of the plan: a note, with who wrote it and when. Nobody reviews their own plan.</summary>
    public async Task<Outcome<bool>> ReviewAsync(Guid personId, long version, string? note, Actor assessor, CancellationToken cancellationToken = default)
    {
        if (assessor.PersonId == personId)
        {
            return new Problem("Another assessor must review your own learning plan.", Kind: ProblemKind.Conflict);
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return new Problem("Write the review note.", "ReviewNote");
        }

        var plan = await db.LearningPlans.FirstOrDefaultAsync(p => p.PersonId == personId, cancellationToken);
        if (plan is null)
        {
            return new Problem("This person has no learning plan yet.", Kind: ProblemKind.NotFound);
        }

        db.Entry(plan).Property(p => p.Version).OriginalValue = version;
        plan.ReviewNote = note.Trim();
        plan.ReviewedByName = assessor.Name;
        plan.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        return await SaveAsync("plan", cancellationToken);
    }

    private async Task<Outcome<bool>> SaveAsync(string what, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Problem($"Someone else changed this {what} after you opened it. Reload the page and try again.", Kind: ProblemKind.Conflict);
        }

        return Outcome<bool>.Ok(true);
    }
}
