using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Workforce;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Skills;

public sealed class ConfirmedCompetencySupplyTests
{
    [Fact]
    public async Task Workforce_supply_of_a_skill_is_the_fte_of_people_with_a_confirmed_level_at_least_the_one_asked()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        var supply = app.Get<ICompetencySupplySource>();
        await using var db = app.NewDbContext();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var fte = await db.Engagements.Where(e => e.StartDate <= today && (e.EndDate == null || e.EndDate >= today))
            .GroupBy(e => e.PersonId).Select(g => new { g.Key, Fte = g.Sum(e => e.Fte) }).ToDictionaryAsync(x => x.Key, x => x.Fte);
        var confirmed = await db.Assessments.Where(a => a.Status == AssessmentStatus.Confirmed && (a.ValidUntil == null || a.ValidUntil >= today))
            .Select(a => new { a.PersonId, a.Level, a.AssessedOn, a.CreatedAt, a.Competency!.Code, a.Competency.Framework!.Key })
            .Where(a => a.Key == "lhs-clinician" && a.Code == "CLN2")
            .ToListAsync();
        // Independently: each person's latest confirmed, unexpired rating of CLN2, at level 2 or more, weighted by their FTE.
        var expected = confirmed.GroupBy(a => a.PersonId)
            .Select(g => g.OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.CreatedAt).First())
            .Where(a => a.Level >= 2 && fte.ContainsKey(a.PersonId))
            .Sum(a => (double)fte[a.PersonId]);

        var level2 = supply.FteHolding("lhs-clinician", "CLN2", 2);
        var level1 = supply.FteHolding("lhs-clinician", "CLN2", 1);

        Assert.NotNull(level2);
        Assert.True(level2 > 0);
        Assert.Equal(expected, level2!.Value, 6);
        Assert.True(level1 >= level2);
        Assert.Null(supply.FteHolding("no-such-framework", "X1", 1));
    }
}
