using LearningHealth.Hosting;
using LearningHealth.Skills;
using LearningHealth.Teams;
using LearningHealth.Tests.Infrastructure;

namespace LearningHealth.Tests.Skills;

public sealed class AssessmentTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_submitted_self_rating_shows_unconfirmed_until_an_assessor_confirms_it(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);

        var id = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 3);
        var before = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!;
        var queue = await app.Get<ReviewAssessments>().QueueAsync(lead);
        var confirmed = await app.Get<ReviewAssessments>().ConfirmAsync(id, Assert.Single(queue, q => q.Id == id).Version, null, lead);
        var after = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!;

        Assert.True(confirmed.Succeeded);
        Assert.False(Assert.Single(before.Current).Level.Confirmed);
        var level = Assert.Single(after.Current);
        Assert.True(level.Level.Confirmed);
        Assert.Equal("Confident", level.LevelName);
        Assert.Equal("Lee Tester", Assert.Single(after.Ratings).ReviewedByName);
        Assert.DoesNotContain(await app.Get<ReviewAssessments>().QueueAsync(lead), q => q.Id == id);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_newer_submitted_rating_withdraws_the_authors_earlier_one_still_waiting_and_nothing_else(string provider)
    {
        await using var app = await TestServices.CreateAsync(provider);
        var nurse = await app.PersonAsync("Nia");
        var peer = await app.PersonAsync("Pat");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var confirmedEarlier = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 2, assessor: lead);
        var first = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 3);
        var byPeer = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 3, rater: peer);
        var otherCompetency = await app.RateAsync(nurse, "lhs-clinician", "CLN5", 1);

        var second = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 4);
        await app.Get<RateSkills>().SelfAssessAsync(new SelfAssessmentCommand("lhs-clinician", new Dictionary<string, int> { ["CLN5"] = 2 }, Submit: true), nurse);

        var queue = (await app.Get<ReviewAssessments>().QueueAsync(lead)).Select(q => (q.Code, q.Kind, q.Level)).Order().ToList();
        Assert.Equal([("CLN2", AssessmentKind.Self, 4), ("CLN2", AssessmentKind.Peer, 3), ("CLN5", AssessmentKind.Self, 2)], queue);
        var statuses = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!.Ratings.ToDictionary(r => r.Id, r => r.Status);
        Assert.Equal(AssessmentStatus.Confirmed, statuses[confirmedEarlier]);
        Assert.Equal(AssessmentStatus.Withdrawn, statuses[first]);
        Assert.Equal(AssessmentStatus.Submitted, statuses[byPeer]);
        Assert.Equal(AssessmentStatus.Withdrawn, statuses[otherCompetency]);
        Assert.Equal(AssessmentStatus.Submitted, statuses[second]);
        var withdrawn = await app.Get<ReviewAssessments>().ConfirmAsync(first, 0, null, lead);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(withdrawn.Problems).Kind);
    }

    [Fact]
    public async Task Only_the_author_withdraws_a_rating_and_only_while_it_waits_for_an_assessor()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var waiting = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 3);
        var confirmed = await app.RateAsync(nurse, "lhs-core", "C4.2", 2, assessor: lead);
        var rate = app.Get<RateSkills>();

        var byOther = await rate.WithdrawAsync(waiting, 0, lead);
        var stale = await rate.WithdrawAsync(waiting, 7, nurse);
        var withdrawn = await rate.WithdrawAsync(waiting, 0, nurse);
        var again = await rate.WithdrawAsync(waiting, 1, nurse);
        var reviewed = await rate.WithdrawAsync(confirmed, 1, nurse);
        var missing = await rate.WithdrawAsync(Guid.NewGuid(), 0, nurse);

        Assert.Equal(ProblemKind.Conflict, Assert.Single(byOther.Problems).Kind);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(stale.Problems).Kind);
        Assert.True(withdrawn.Succeeded);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(again.Problems).Kind);
        Assert.Equal(ProblemKind.Conflict, Assert.Single(reviewed.Problems).Kind);
        Assert.Equal(ProblemKind.NotFound, Assert.Single(missing.Problems).Kind);
        Assert.DoesNotContain(await app.Get<ReviewAssessments>().QueueAsync(lead), q => q.Id == waiting);
        var ratings = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!.Ratings.ToDictionary(r => r.Id);
        Assert.Equal(AssessmentStatus.Withdrawn, ratings[waiting].Status);
        Assert.False(ratings[waiting].CanWithdraw);
        Assert.Equal(AssessmentStatus.Confirmed, ratings[confirmed].Status);
        Assert.Equal("C4.2", Assert.Single((await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!.Current).Code);
    }

    [Fact]
    public async Task A_clinician_cannot_confirm_their_own_rating()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var id = await app.RateAsync(nurse, "lhs-clinician", "CLN2", 4);

        var own = await app.Get<ReviewAssessments>().ConfirmAsync(id, 0, null, nurse);
        var queue = await app.Get<ReviewAssessments>().QueueAsync(nurse);

        Assert.Equal(ProblemKind.Conflict, Assert.Single(own.Problems).Kind);
        Assert.DoesNotContain(queue, q => q.Id == id);
    }

    [Fact]
    public async Task A_returned_rating_carries_its_reason_does_not_count_and_can_be_resubmitted()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var competency = await app.CompetencyAsync("lhs-core", "C4.2");
        var id = await app.RateAsync(nurse, "lhs-core", "C4.2", 4);

        var noReason = await app.Get<ReviewAssessments>().ReturnAsync(id, 0, " ", lead);
        var returned = await app.Get<ReviewAssessments>().ReturnAsync(id, 0, "Add a run chart you made as evidence.", lead);
        var skills = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!;
        var rating = Assert.Single(skills.Ratings);
        var resubmitted = await app.Get<RateSkills>().SaveAsync(new RatingCommand(id, rating.Version, nurse.PersonId!.Value, competency, AssessmentKind.Self, 3,
            "Run chart of DNA rates", ["https://example.org/run-chart"], null, null, Submit: true), nurse);

        Assert.Equal("Reason", Assert.Single(noReason.Problems).Field);
        Assert.True(returned.Succeeded);
        Assert.Empty(skills.Current);
        Assert.Equal((AssessmentStatus.Returned, "Add a run chart you made as evidence."), (rating.Status, rating.ReturnReason));
        Assert.True(resubmitted.Succeeded);
        Assert.Equal(3, Assert.Single((await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!.Current).Level.Level);
    }

    [Fact]
    public async Task Someone_else_cannot_see_a_person_s_draft()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var colleague = await app.PersonAsync("Cal", DisciplineGroup.Researcher);
        await app.Get<RateSkills>().SelfAssessAsync(new SelfAssessmentCommand("lhs-clinician", new Dictionary<string, int> { ["CLN1"] = 2, ["CLN3"] = 1 }, Submit: false), nurse);

        var own = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!;
        var other = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, colleague))!;

        Assert.Equal(2, own.Ratings.Count);
        Assert.All(own.Ratings, r => Assert.Equal(AssessmentStatus.Draft, r.Status));
        Assert.Empty(own.Current);
        Assert.Empty(other.Ratings);
    }

    [Fact]
    public async Task The_self_assessment_form_saves_drafts_then_submits_the_same_ratings()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var rate = app.Get<RateSkills>();

        await rate.SelfAssessAsync(new SelfAssessmentCommand("lhs-clinician", new Dictionary<string, int> { ["CLN1"] = 2, ["CLN2"] = 0 }, Submit: false), nurse);
        var submitted = await rate.SelfAssessAsync(new SelfAssessmentCommand("lhs-clinician", new Dictionary<string, int> { ["CLN1"] = 3, ["CLN2"] = 2 }, Submit: true), nurse);
        var bad = await rate.SelfAssessAsync(new SelfAssessmentCommand("lhs-clinician", new Dictionary<string, int> { ["CLN1"] = 9, ["NOPE"] = 1 }, Submit: true), nurse);
        var skills = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!;

        Assert.Equal(2, submitted.Value);
        Assert.Equal(2, bad.Problems.Count);
        Assert.Equal(2, skills.Ratings.Count);
        Assert.All(skills.Ratings, r => Assert.Equal(AssessmentStatus.Submitted, r.Status));
        Assert.Equal(3, skills.Current.Single(c => c.Code == "CLN1").Level.Level);
    }

    [Fact]
    public async Task An_expired_rating_stays_in_the_history_marked_and_no_longer_counts()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await app.RateAsync(nurse, "lhs-core", "C3.2", 3, assessor: lead, assessedOn: today.AddYears(-3), validUntil: today.AddDays(-1));
        await app.RateAsync(nurse, "lhs-core", "C3.5", 2, assessor: lead, validUntil: today.AddDays(20));

        var skills = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, lead))!;
        var expiring = await app.Get<GetSkillsCoverage>().ExpiringAsync(30);

        Assert.True(skills.Ratings.Single(r => r.Code == "C3.2").Expired);
        Assert.Equal("C3.5", Assert.Single(skills.Current).Code);
        Assert.Equal("C3.5", Assert.Single(expiring).Code);
    }

    [Fact]
    public async Task A_new_framework_version_leaves_past_ratings_pointing_at_the_version_they_rated()
    {
        await using var app = await TestServices.CreateAsync();
        var nurse = await app.PersonAsync("Nia");
        var lead = await app.PersonAsync("Lee", DisciplineGroup.Strategy);
        var document = FrameworkCsv.Parse("framework,code,parent_code,name,description,level_1,level_2\nward,,,Ward skills,,Novice,Expert\nward,W1,,Handover,,,\n").Value!;
        await app.Get<SaveFramework>().HandleAsync(document);
        await app.RateAsync(nurse, "ward", "W1", 2, assessor: lead);
        document.Competencies[0].Name = "Safe handover";
        var second = await app.Get<SaveFramework>().HandleAsync(document);

        var skills = (await app.Get<GetPersonSkills>().HandleAsync(nurse.PersonId!.Value, nurse))!;

        Assert.True(second.Succeeded);
        Assert.Equal(1, Assert.Single(skills.Ratings).FrameworkVersion);
        Assert.Equal("Handover", skills.Ratings[0].CompetencyName);
        var current = Assert.Single(skills.Current);
        Assert.Equal(("Safe handover", 2), (current.Name, current.Level.Level));
        Assert.Equal([1, 2], (await app.Get<BrowseFrameworks>().GetAsync("ward"))!.Versions);
    }
}
