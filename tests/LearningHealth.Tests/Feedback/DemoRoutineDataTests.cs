using DuckDB.NET.Data;
using LearningHealth.Demo;
using LearningHealth.Feedback;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed class DemoRoutineDataTests
{
    [Fact]
    public async Task The_demo_clinicians_are_linked_to_their_practice_and_the_clinical_lead_is_an_antibiotic_outlier()
    {
        await using var services = await TestServices.CreateAsync(demo: true);
        var seeded = await services.Get<SeedDemoRoutineData>().HandleAsync();
        Assert.True(seeded.Created);
        Assert.Equal(20, seeded.Clinicians);

        var links = await services.Get<PractitionerLinks>().AllAsync();
        await using var db = services.NewDbContext();
        var clinicians = await db.People.CountAsync(p => p.Discipline == DisciplineGroup.Clinician);
        Assert.Equal(clinicians, links.Count);
        Assert.Equal(links.Count, links.Select(l => l.PractitionerKey).Distinct().Count());

        var lead = await db.People.FirstAsync(p => p.Engagements.Any(e => e.RoleTitle == SeedDemoOrganisation.ClinicalLeadTitle));
        var leadKey = links.Single(l => l.PersonId == lead.Id).PractitionerKey;
        var analytics = AnalyticsDatabase.PathIn(services.Get<DatabaseOptions>().DataDirectory);
        var results = ReadIndicatorResults.ForIndicator(analytics, "rti-antibiotics", "clinician");
        var latest = results.Max(r => r.PeriodStart);
        var leadRows = results.Where(r => r.Unit == leadKey).ToList();
        Assert.NotEmpty(leadRows);

        // Data run to the end of last month, and the lead's prescribing is above the funnel's 99.8% limit.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(new DateOnly(today.Year, today.Month, 1).AddMonths(-1), latest);
        var leadTotal = leadRows.Sum(r => r.Numerator) / (double)leadRows.Sum(r => r.Denominator);
        var othersTotal = results.Where(r => r.Unit != leadKey).Sum(r => r.Numerator) / (double)results.Where(r => r.Unit != leadKey).Sum(r => r.Denominator);
        Assert.True(leadTotal > othersTotal + 0.25, $"lead {leadTotal:P0} vs others {othersTotal:P0}");

        // Running it again adds nothing.
        Assert.False((await services.Get<SeedDemoRoutineData>().HandleAsync()).Created);
    }

    [Fact]
    public async Task Each_initiatives_team_has_results_summing_its_current_members_with_routine_data()
    {
        await using var services = await TestServices.CreateAsync(demo: true);
        await services.Get<SeedDemoRoutineData>().HandleAsync();
        var links = (await services.Get<PractitionerLinks>().AllAsync()).ToDictionary(l => l.PersonId, l => l.PractitionerKey);
        await using var db = services.NewDbContext();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var teams = (await db.InitiativeMembers.AsNoTracking().Where(m => m.EndDate == null || m.EndDate >= today).ToListAsync())
            .Where(m => links.ContainsKey(m.PersonId))
            .GroupBy(m => m.InitiativeId)
            .ToDictionary(g => g.Key.ToString(), g => g.Select(m => links[m.PersonId]).Distinct().ToList());
        Assert.NotEmpty(teams);

        var analytics = AnalyticsDatabase.PathIn(services.Get<DatabaseOptions>().DataDirectory);
        var clinicians = ReadIndicatorResults.ForIndicator(analytics, "rti-antibiotics", "clinician");
        var teamRows = ReadIndicatorResults.ForIndicator(analytics, "rti-antibiotics", "team");
        Assert.Equal(teams.Keys.Order(), teamRows.Select(r => r.Unit).Distinct().Order());
        foreach (var (team, members) in teams)
        {
            var expected = GetTeamResults.Aggregate(clinicians, members, 1).Select(p => (p.PeriodStart, p.Numerator, p.Denominator));
            var actual = teamRows.Where(r => r.Unit == team).Select(r => (r.PeriodStart, r.Numerator, r.Denominator));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task A_computation_started_while_one_runs_is_refused_and_the_outcome_is_kept()
    {
        await using var services = await TestServices.CreateAsync(demo: true);
        await services.Get<SeedDemoRoutineData>().HandleAsync();
        var computations = services.Get<ComputeIndicatorsInBackground>();
        var actor = new LearningHealth.Audit.AuditActor("user-1", "An Analyst");

        Assert.True(computations.TryStart(force: true, actor, "a test"));
        Assert.NotNull(computations.State.RunningSince);
        Assert.False(computations.TryStart(force: true, actor, "a test")); // a forced run over the demo data takes far longer than this
        await computations.WhenIdle().WaitAsync(TimeSpan.FromMinutes(2));

        var state = computations.State;
        Assert.Null(state.RunningSince);
        Assert.StartsWith($"Computed {IndicatorLibrary.BuiltIn.Count} indicator(s)", state.LastOutcome, StringComparison.Ordinal);
        Assert.True(computations.TryStart(force: false, actor, "a test"));
        await computations.WhenIdle().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Contains($"{IndicatorLibrary.BuiltIn.Count} unchanged", computations.State.LastOutcome, StringComparison.Ordinal);
    }
}
