using LearningHealth.Identity;
using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Skills;

public sealed class DemoSkillsTests
{
    [Fact]
    public async Task The_demo_clinician_has_gaps_and_learning_plan_suggestions_and_most_people_have_ratings()
    {
        await using var app = await TestServices.CreateAsync(demo: true);
        await using var db = app.NewDbContext();
        var clinician = await db.Users.Where(u => u.Email == "clinician@northfield.example").Select(u => u.PersonId!.Value).SingleAsync();

        var gaps = (await app.Get<AnalyseGaps>().ForPersonAsync(clinician))!.Gaps;
        var plan = (await app.Get<ManageLearningPlan>().GetAsync(clinician))!;
        var rated = await db.Assessments.Select(a => a.PersonId).Distinct().CountAsync();
        var people = await db.People.CountAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        Assert.Contains(gaps, g => g.Code == "CLN5" && g.Kind == GapKind.Below);
        Assert.Contains(gaps, g => g.Code == "C4.2" && g.Kind == GapKind.Missing);
        Assert.NotEmpty(plan.Suggestions);
        Assert.True(rated > people * 3 / 4, $"{rated} of {people} people have ratings.");
        Assert.True(await db.Assessments.AnyAsync(a => a.ValidUntil < today));
        Assert.True(await db.Assessments.AnyAsync(a => a.Status == AssessmentStatus.Submitted && a.Kind == AssessmentKind.Self));
        Assert.True(await db.LearningPlans.CountAsync() >= 5);
        Assert.Equal(Roles.Clinician, (await app.Get<ListUsers>().HandleAsync()).Single(u => u.Email == "clinician@northfield.example").Roles.First(r => r != Roles.Member));
    }
}
