using LearningHealth.Audit;
using LearningHealth.Feedback;
using LearningHealth.Identity;
using LearningHealth.Indicators;
using LearningHealth.Persistence;
using LearningHealth.Statistics;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Tests.Feedback;

public sealed class PracticeHandlerTests(DemoPracticeFixture fixture) : IClassFixture<DemoPracticeFixture>
{
    private static string Analytics(TestServices services) => AnalyticsDatabase.PathIn(services.Get<DatabaseOptions>().DataDirectory);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_clinician_gets_feedback_with_an_outlier_on_antibiotics(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var viewer = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);

        var practice = await services.Get<GetMyPractice>().HandleAsync(new GetMyPracticeQuery(viewer));

        Assert.True(practice.Linked);
        Assert.False(practice.Freshness.Stale, practice.Freshness.Summary);
        var key = await services.Get<PractitionerLinks>().ForPersonAsync(viewer.PersonId!.Value);
        var stored = ReadIndicatorResults.ForIndicator(Analytics(services), "rti-antibiotics", "clinician", key);
        var latest = stored.Where(StoredFlags.Charted).MaxBy(r => r.PeriodStart)!;
        var rti = Assert.Single(practice.Indicators, i => i.Indicator.Id == "rti-antibiotics");
        Assert.Equal((latest.PeriodStart, latest.Numerator, latest.Denominator), (rti.Latest.PeriodStart, rti.Latest.Numerator, rti.Latest.Denominator));
        Assert.Equal(FunnelFlag.Above, rti.Flag998);
        var newest = stored.MaxBy(r => r.PeriodStart)!;
        if (newest.PeriodStart > latest.PeriodStart)
        {
            // The newest month had too few cases to chart: the card says so and reports the latest charted month.
            Assert.Contains($"had only {newest.Denominator} case", rti.Interpretation.Text, StringComparison.Ordinal);
        }
        Assert.Contains("above the range we'd expect by chance", rti.Interpretation.Text, StringComparison.Ordinal);
        Assert.Contains($"({latest.Numerator} of {latest.Denominator})", rti.Interpretation.Text, StringComparison.Ordinal);
        // The small funnel shows the viewer once as "You" and nobody by name.
        Assert.Single(rti.Funnel, p => p.IsViewer && p.Label == "You");
        Assert.All(rti.Funnel.Where(p => !p.IsViewer), p => Assert.StartsWith("Peer ", p.Label, StringComparison.Ordinal));
        // Every indicator card is the viewer's own: same number of periods as stored for their key.
        foreach (var item in practice.Indicators)
        {
            Assert.Equal(ReadIndicatorResults.ForIndicator(Analytics(services), item.Indicator.Id, "clinician", key).Count, item.Periods.Count);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_detail_marks_actions_and_rebases_on_the_chart_and_lists_questions(string provider)
    {
        const string Indicator = "encounter-reason-recorded";
        var services = await fixture.ForAsync(provider);
        var viewer = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);
        var before = (await services.Get<GetMyPractice>().HandleAsync(new GetMyPracticeQuery(viewer, Indicator))).Indicators.Single();
        var start = before.Series[^4].Period.AddDays(3);
        var rebase = before.Series[^8].Period;
        var text = $"Code the reason at booking {Guid.NewGuid():N}";
        await using (var db = services.NewDbContext())
        {
            db.FeedbackActions.Add(new FeedbackAction
            {
                PersonId = viewer.PersonId!.Value, IndicatorId = Indicator, Action = text, Owner = viewer.Name,
                StartDate = start, DueDate = start.AddMonths(2), CreatedByUserId = viewer.UserId, CreatedAt = DateTime.UtcNow,
            });
            db.DataQuestions.Add(new DataQuestion
            {
                PersonId = viewer.PersonId!.Value, IndicatorId = Indicator, PeriodStart = rebase, Question = "Are virtual clinics included?",
                RaisedByUserId = viewer.UserId, RaisedByName = viewer.Name, RaisedAt = DateTime.UtcNow,
                Status = DataQuestionStatus.Confirmed, Answer = "Yes, class VR.", AnsweredByName = "Analyst", AnsweredAt = DateTime.UtcNow,
            });
            db.DefinitionChanges.Add(new DefinitionChange
            {
                Kind = DefinitionKind.Indicator, ItemKey = Indicator, ItemTitle = before.Indicator.Title, ToVersion = "9.9.9",
                Summary = "Home visits added", EffectiveFrom = rebase, Rebase = true, ChangedBy = "test", ChangedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var item = (await services.Get<GetMyPractice>().HandleAsync(new GetMyPracticeQuery(viewer, Indicator))).Indicators.Single();
        var chart = PracticeCharts.Spc(item, item.Actions)!;

        Assert.Equal([rebase], item.Rebases);
        Assert.Equal([before.Series.Count - 8], item.RebaseAt);
        Assert.Contains("re-based 1 time", chart.Description, StringComparison.Ordinal);
        var noted = Assert.Single(chart.Rows, r => r[^1].Length > 0);
        Assert.Equal(before.Series[^4].Period.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), noted[0]);
        Assert.Equal($"Action: {text}", noted[^1]);
        // A chart is drawn once for the same inputs, and again when anything it shows differs (here, no action notes).
        Assert.Same(chart, PracticeCharts.Spc(item, item.Actions));
        var withoutActions = PracticeCharts.Spc(item)!;
        Assert.NotSame(chart, withoutActions);
        Assert.DoesNotContain(withoutActions.Rows, r => r[^1].Length > 0);
        var question = Assert.Single(item.Questions);
        Assert.Equal((DataQuestionStatus.Confirmed, "Yes, class VR."), (question.Status, question.Answer));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_clinicians_each_see_only_their_own_feedback(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var first = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);
        var links = await services.Get<PractitionerLinks>().AllAsync();
        var other = links.First(l => l.PersonId != first.PersonId);
        var created = (await services.Get<CreateUser>().HandleAsync(
            new CreateUserCommand($"second-{Guid.NewGuid():N}@test.example", other.DisplayName, [Roles.Clinician], PersonId: other.PersonId))).Value!;
        var second = new Viewer(created.Id, other.DisplayName, other.PersonId, [Roles.Clinician]);

        var mine = await services.Get<GetMyPractice>().HandleAsync(new GetMyPracticeQuery(first));
        var theirs = await services.Get<GetMyPractice>().HandleAsync(new GetMyPracticeQuery(second));

        Assert.Equal(other.PractitionerKey, theirs.PractitionerKey);
        Assert.NotEqual(mine.PractitionerKey, theirs.PractitionerKey);
        Assert.All(theirs.Indicators, i => Assert.All(i.Periods, r => Assert.Equal(other.PractitionerKey, r.Unit)));
        Assert.All(mine.Indicators, i => Assert.All(i.Periods, r => Assert.Equal(mine.PractitionerKey, r.Unit)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_account_without_a_person_gets_an_explanation_not_an_error(string provider)
    {
        var services = await fixture.ForAsync(provider);

        var practice = await services.Get<GetMyPractice>().HandleAsync(new GetMyPracticeQuery(new Viewer("nobody", "Nobody", null, [Roles.Clinician])));

        Assert.False(practice.Linked);
        Assert.Empty(practice.Indicators);
        Assert.Contains("not linked", practice.Explanation, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_team_result_is_the_sum_of_its_clinicians_counts(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var lead = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Lead);
        var initiative = await DemoPracticeFixture.AntibioticsAsync(services);
        var links = await services.Get<PractitionerLinks>().AllAsync();
        var keys = links.Where(l => initiative.Members.Any(m => m.PersonId == l.PersonId)).Select(l => l.PractitionerKey).ToHashSet();

        var result = await services.Get<GetTeamResults>().HandleAsync(new GetTeamResultsQuery(lead, initiative.Id, "rti-antibiotics"));

        Assert.True(result.Allowed, result.Message);
        var team = result.Value!;
        Assert.Equal(8, keys.Count);
        var stored = ReadIndicatorResults.ForIndicator(Analytics(services), "rti-antibiotics", "clinician").Where(r => keys.Contains(r.Unit)).ToList();
        foreach (var period in team.Periods)
        {
            var rows = stored.Where(r => r.PeriodStart == period.PeriodStart).ToList();
            Assert.Equal(rows.Sum(r => r.Numerator), period.Numerator);
            Assert.Equal(rows.Sum(r => r.Denominator), period.Denominator);
        }

        Assert.Equal(stored.Select(r => r.PeriodStart).Distinct().Count(), team.Periods.Count);
        Assert.NotNull(team.Chart);
        Assert.True(team.TeamsCompared >= 2, $"{team.TeamsCompared} teams on the funnel");
        Assert.NotNull(team.Flag998);
    }

    [Fact]
    public void Team_sums_get_the_wilson_interval_worked_by_hand()
    {
        StoredResult Row(string unit, long numerator, long denominator) => new("rti-antibiotics", "clinician", unit, new DateOnly(2026, 10, 1),
            numerator, denominator, null, null, null, false, "shown", null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        var periods = GetTeamResults.Aggregate([Row("a", 20, 50), Row("b", 8, 32), Row("c", 5, 5)], ["a", "b"], 10);

        // 28 of 82, z = 1.959964: p = 0.341463, z²/n = 0.046847; centre (p + z²/2n) / (1 + z²/n) = 0.348559;
        // half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) = 0.100564; interval 0.247994 to 0.449123.
        var period = Assert.Single(periods);
        Assert.Equal((28L, 82L), (period.Numerator, period.Denominator));
        Assert.Equal(0.247994, period.CiLower!.Value, 5);
        Assert.Equal(0.449123, period.CiUpper!.Value, 5);
        Assert.True(period.Charted);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_member_sees_peers_anonymously_and_a_lead_of_the_team_sees_names(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var clinician = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);
        var lead = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Lead);
        var initiative = await DemoPracticeFixture.AntibioticsAsync(services);
        var handler = services.Get<GetPeerView>();

        var anonymous = (await handler.HandleAsync(new GetPeerViewQuery(clinician, initiative.Id, "rti-antibiotics"))).Value!;
        var named = (await handler.HandleAsync(new GetPeerViewQuery(lead, initiative.Id, "rti-antibiotics"))).Value!;

        var names = initiative.Members.Select(m => m.Person!.DisplayName).ToList();
        var own = Assert.Single(anonymous.Rows, r => r.IsViewer);
        Assert.Equal(clinician.Name, own.Label);
        Assert.All(anonymous.Rows.Where(r => !r.IsViewer), r => Assert.Matches("^Clinician [A-Z]+$", r.Label));
        Assert.Equal(PeerVisibility.Named, named.Team.Visibility);
        Assert.Equal(8, named.Rows.Count);
        Assert.All(named.Rows, r => Assert.Contains(r.Label, names));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_lead_who_does_not_lead_the_team_and_a_non_member_are_refused(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var initiative = await DemoPracticeFixture.AntibioticsAsync(services);
        await using var db = services.NewDbContext();
        var memberIds = initiative.Members.Select(m => m.PersonId).ToList();
        var outsider = await db.People.AsNoTracking().OrderBy(p => p.FamilyName).FirstAsync(p => !memberIds.Contains(p.Id));
        var otherLead = new Viewer("other-lead", outsider.DisplayName, outsider.Id, [Roles.Lead]);
        var partner = await DemoPracticeFixture.DemoViewerAsync(services, Roles.PatientPartner);
        var handler = services.Get<GetPeerView>();

        var lead = await handler.HandleAsync(new GetPeerViewQuery(otherLead, initiative.Id, "rti-antibiotics"));
        var patientPartner = await handler.HandleAsync(new GetPeerViewQuery(partner, initiative.Id, "rti-antibiotics"));

        Assert.Equal(Refusal.Forbidden, lead.Refused);
        Assert.Equal(Refusal.Forbidden, patientPartner.Refused);
        Assert.Null(lead.Value);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_patient_list_holds_the_counted_cases_and_is_audited(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var clinician = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);
        var key = await services.Get<PractitionerLinks>().ForPersonAsync(clinician.PersonId!.Value);
        var latest = ReadIndicatorResults.ForIndicator(Analytics(services), "rti-antibiotics", "clinician", key).MaxBy(r => r.PeriodStart)!;
        var period = latest.PeriodStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var handler = services.Get<GetPatientList>();

        var numerator = await handler.HandleAsync(new GetPatientListQuery(clinician, "rti-antibiotics", period, "numerator"));
        var gap = await handler.HandleAsync(new GetPatientListQuery(clinician, "rti-antibiotics", period, "gap"));

        Assert.Equal(latest.Numerator, numerator.Value!.Cases.Count);
        Assert.Equal(latest.Denominator - latest.Numerator, gap.Value!.Cases.Count);
        Assert.All(numerator.Value.Cases, c => Assert.True(c.Met));
        Assert.All(gap.Value.Cases, c => Assert.False(c.Met));
        Assert.All(numerator.Value.Cases, c => Assert.False(string.IsNullOrEmpty(c.PatientId)));
        Assert.All(numerator.Value.Cases, c => Assert.Equal(latest.PeriodStart, new DateOnly(c.EventDate.Year, c.EventDate.Month, 1)));
        await using var db = services.NewDbContext();
        var entries = await db.AuditLog.AsNoTracking().Where(e => e.Action == GetPatientList.AuditAction && e.ActorUserId == clinician.UserId).ToListAsync();
        Assert.Contains(entries, e => e.Subject == $"rti-antibiotics {period} {key}" && e.Details.Contains("which=numerator", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Details.Contains("which=gap", StringComparison.Ordinal));
        Assert.True((await services.Get<AuditLog>().VerifyAsync()).Intact);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_clinician_cannot_list_another_clinicians_patients_but_an_analyst_can(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var clinician = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);
        var analyst = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Analyst);
        var links = await services.Get<PractitionerLinks>().AllAsync();
        var other = links.First(l => l.PersonId != clinician.PersonId).PractitionerKey;
        var latest = ReadIndicatorResults.ForIndicator(Analytics(services), "rti-antibiotics", "clinician", other).MaxBy(r => r.PeriodStart)!;
        var period = latest.PeriodStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var handler = services.Get<GetPatientList>();

        var refused = await handler.HandleAsync(new GetPatientListQuery(clinician, "rti-antibiotics", period, "numerator", other));
        var allowed = await handler.HandleAsync(new GetPatientListQuery(analyst, "rti-antibiotics", period, "numerator", other));

        Assert.Equal(Refusal.Forbidden, refused.Refused);
        Assert.Null(refused.Value);
        Assert.Equal(latest.Numerator, allowed.Value!.Cases.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_patient_list_input_names_the_field(string provider)
    {
        var services = await fixture.ForAsync(provider);
        var clinician = await DemoPracticeFixture.DemoViewerAsync(services, Roles.Clinician);
        var handler = services.Get<GetPatientList>();

        var period = await handler.HandleAsync(new GetPatientListQuery(clinician, "rti-antibiotics", "October", "numerator"));
        var which = await handler.HandleAsync(new GetPatientListQuery(clinician, "rti-antibiotics", "2026-10", "everyone"));
        var indicator = await handler.HandleAsync(new GetPatientListQuery(clinician, "no-such-thing", "2026-10", "gap"));

        Assert.Equal(("period", Refusal.Invalid), (period.Field, period.Refused!.Value));
        Assert.Equal(("which", Refusal.Invalid), (which.Field, which.Refused!.Value));
        Assert.Equal(Refusal.NotFound, indicator.Refused);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Aggregate_results_never_carry_a_suppressed_count(string provider)
    {
        var services = await fixture.ForAsync(provider);

        var results = services.Get<GetAggregateResults>().Handle(new GetAggregateResultsQuery()).Value!;

        var stored = IndicatorLibrary.BuiltIn.SelectMany(i => ReadIndicatorResults.ForIndicator(Analytics(services), i.Id))
            .Where(r => r.Level is "site" or "organisation").ToList();
        var rows = results.Indicators.SelectMany(i => i.Organisation.Concat(i.Sites)).ToList();
        Assert.Equal(stored.Count, rows.Count);
        Assert.Equal(stored.Count(r => r.Suppression != "shown"), rows.Count(r => r.Suppressed));
        Assert.All(rows.Where(r => r.Suppressed), r => Assert.Equal((null, null, null, null, null), (r.Numerator, r.Denominator, r.Value, r.CiLower, r.Flag998)));
        Assert.All(rows.Where(r => !r.Suppressed), r => Assert.NotNull(r.Numerator));
    }

    [Fact]
    public void Publishing_a_suppressed_row_withholds_the_numerator_and_everything_derived_from_it()
    {
        var row = new StoredResult("rti-antibiotics", "site", "Location/x", new DateOnly(2026, 10, 1), 3, 40, 0.075, 0.026, 0.199, false, "primary",
            "common_cause", null, 0.1, 0.0, 0.2, "common_cause", null, 0.3, 0.2, 0.4, 0.15, 0.45, "below", "below");

        var published = GetAggregateResults.Publish(row);

        Assert.True(published.Suppressed);
        Assert.Equal((null, null, null, null, null, null, null), (published.Numerator, published.Denominator, published.Value, published.CiLower, published.CiUpper, published.Flag95, published.Flag998));
    }
}
