using LearningHealth.Initiatives;
using LearningHealth.Skills;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Skills;

/// <summary>People, ratings and initiatives for skills tests, made through the real handlers.</summary>
internal static class SkillsFixtures
{
    public static async Task<Actor> PersonAsync(this TestServices app, string given, DisciplineGroup group = DisciplineGroup.Clinician)
    {
        var id = (await app.Get<EditPeople>().SavePersonAsync(new PersonCommand(null, 0, given, "Tester", $"{given.ToLowerInvariant()}.{Guid.NewGuid():N}@example.test", null, group,
            group == DisciplineGroup.Clinician ? ClinicalProfession.Nursing : null, null, null))).Value;
        return new Actor($"user-{given}-{id:N}", $"{given} Tester", id);
    }

    public static async Task<Guid> CompetencyAsync(this TestServices app, string key, string code)
    {
        await using var db = app.NewDbContext();
        return await db.Competencies.Where(c => c.Framework!.Key == key && c.Code == code).OrderByDescending(c => c.Framework!.VersionNumber).Select(c => c.Id).FirstAsync();
    }

    /// <summary>A rating by <paramref name="rater"/> of <paramref name="person"/>, submitted, and confirmed by <paramref name="assessor"/> if given.</summary>
    public static async Task<Guid> RateAsync(this TestServices app, Actor person, string key, string code, int level, Actor? rater = null, Actor? assessor = null, DateOnly? validUntil = null, DateOnly? assessedOn = null)
    {
        rater ??= person;
        var kind = rater == person ? AssessmentKind.Self : AssessmentKind.Peer;
        var saved = await app.Get<RateSkills>().SaveAsync(new RatingCommand(null, 0, person.PersonId!.Value, await app.CompetencyAsync(key, code), kind, level, null, [], assessedOn, validUntil, Submit: true), rater);
        Assert.True(saved.Succeeded, string.Join(" ", saved.Problems.Select(p => p.Message)));
        if (assessor is not null)
        {
            var confirmed = await app.Get<ReviewAssessments>().ConfirmAsync(saved.Value, 0, validUntil, assessor);
            Assert.True(confirmed.Succeeded, string.Join(" ", confirmed.Problems.Select(p => p.Message)));
        }

        return saved.Value;
    }

    public static async Task<Guid> InitiativeAsync(this TestServices app, string template, params Actor[] members)
    {
        var id = (await app.Get<CreateInitiative>().HandleAsync(new CreateInitiativeCommand(template, $"Work {Guid.NewGuid():N}", "Aim", "Question", new DateOnly(2026, 1, 1), null))).Value;
        foreach (var m in members)
        {
            var added = await app.Get<ChangeTeam>().AddAsync(new AddMemberCommand(id, m.PersonId!.Value, null, 0.2m, false));
            Assert.True(added.Succeeded, string.Join(" ", added.Problems.Select(p => p.Message)));
        }

        return id;
    }
}
