using LearningHealth.Workforce;

namespace LearningHealth.Tests.Workforce;

public sealed class WisnTests
{
    private static WisnCategory Nurses() => new()
    {
        Facility = "Riverside health centre",
        StaffCategory = "Nurse",
        ExistingStaff = 3,
        WorkingTime = new WorkingTime { WorkingDays = 260, PublicHolidays = 8, AnnualLeave = 27, SickLeave = 10, OtherLeave = 5, HoursPerDay = 7.5 },
        HealthServiceActivities =
        [
            new WisnActivity { Name = "Outpatient consultation", AnnualWorkload = 12600, MinutesPerUnit = 15 },
            new WisnActivity { Name = "Home visit", AnnualWorkload = 1050, MinutesPerUnit = 90 },
        ],
        CategoryAllowances = [new CategoryAllowance { Name = "Team meetings", Percent = 5 }, new CategoryAllowance { Name = "Record keeping", Percent = 10 }],
        IndividualAllowances = [new IndividualAllowance { Name = "Supervising students", HoursPerYear = 157.5, Staff = 2 }],
    };

    [Fact]
    public void The_worked_example_follows_the_who_manual_step_by_step()
    {
        // Step 2, available working time: 260 − (8 + 27 + 10 + 5) = 210 days; × 7.5 h = 1,575 hours.
        // Step 4, standard workloads: consultation 15 min = 0.25 h → 1,575 / 0.25 = 6,300 a year;
        //         home visit 90 min = 1.5 h → 1,575 / 1.5 = 1,050 a year.
        // Staff for health service activities: 12,600 / 6,300 + 1,050 / 1,050 = 2 + 1 = 3.
        // Step 5, CAF: CAS 5% + 10% = 15% → 1 / (1 − 0.15) = 1 / 0.85 = 1.176471.
        //         IAF: 157.5 h × 2 staff = 315 h → 315 / 1,575 = 0.2.
        // Step 6, required staff: 3 × 1.176471 + 0.2 = 3.529412 + 0.2 = 3.729412.
        // Step 7, WISN difference: 3 − 3.729412 = −0.729412; ratio 3 / 3.729412 = 0.804416 (shortage).
        var outcome = Wisn.Calculate(new WisnStudy { Categories = [Nurses()] });

        Assert.True(outcome.Succeeded);
        var r = Assert.Single(outcome.Value!.Results);
        Assert.Equal(210, r.AvailableWorkingDays);
        Assert.Equal(1575, r.AvailableWorkingHours);
        Assert.Equal(6300, r.Activities[0].StandardWorkload, 9);
        Assert.Equal(1050, r.Activities[1].StandardWorkload, 9);
        Assert.Equal(3, r.HealthServiceStaff, 9);
        Assert.Equal(15, r.TotalCategoryAllowancePercent, 9);
        Assert.Equal(1.176471, r.CategoryAllowanceFactor, 6);
        Assert.Equal(315, r.TotalIndividualAllowanceHours, 9);
        Assert.Equal(0.2, r.IndividualAllowanceFactor, 9);
        Assert.Equal(3.729412, r.RequiredStaff, 6);
        Assert.Equal(-0.729412, r.WisnDifference!.Value, 6);
        Assert.Equal(0.804416, r.WisnRatio!.Value, 6);
        Assert.Equal("shortage", r.Assessment);
    }

    [Fact]
    public void Allowances_alone_give_caf_and_iaf_by_their_definitions()
    {
        // 200 days × 8 h = 1,600 h. One activity: 800 units × 60 min = 800 h → 800 / (1,600 / 1) = 0.5 staff.
        // CAS 20% → CAF = 1 / 0.8 = 1.25. IAS 400 h → IAF = 400 / 1,600 = 0.25.
        // Required = 0.5 × 1.25 + 0.25 = 0.875; existing 0.875 → ratio 1.00, balanced, difference 0.
        var category = new WisnCategory
        {
            StaffCategory = "Data scientist",
            ExistingStaff = 0.875,
            WorkingTime = new WorkingTime { WorkingDays = 200, HoursPerDay = 8 },
            HealthServiceActivities = [new WisnActivity { Name = "Analysis", AnnualWorkload = 800, MinutesPerUnit = 60 }],
            CategoryAllowances = [new CategoryAllowance { Percent = 20 }],
            IndividualAllowances = [new IndividualAllowance { HoursPerYear = 400 }],
        };

        var r = Wisn.Calculate(new WisnStudy { Categories = [category] }).Value!.Results[0];

        Assert.Equal(1.25, r.CategoryAllowanceFactor, 12);
        Assert.Equal(0.25, r.IndividualAllowanceFactor, 12);
        Assert.Equal(0.875, r.RequiredStaff, 12);
        Assert.Equal(0, r.WisnDifference!.Value, 12);
        Assert.Equal("balanced", r.Assessment);
    }

    [Fact]
    public void Missing_and_impossible_figures_are_named()
    {
        var category = Nurses();
        category.WorkingTime!.HoursPerDay = null;
        category.HealthServiceActivities![1].MinutesPerUnit = 0;
        category.CategoryAllowances = [new CategoryAllowance { Percent = 100 }];

        var outcome = Wisn.Calculate(new WisnStudy { Categories = [category] });

        Assert.False(outcome.Succeeded);
        var fields = outcome.Problems.Select(p => p.Field).ToList();
        Assert.Contains("categories[0].workingTime.hoursPerDay", fields);
        Assert.Contains("categories[0].healthServiceActivities[1].minutesPerUnit", fields);
        Assert.Contains("categories[0].categoryAllowances", fields);
    }

    [Fact]
    public void Leave_that_takes_every_working_day_is_an_error()
    {
        var category = Nurses();
        category.WorkingTime!.AnnualLeave = 300;

        var outcome = Wisn.Calculate(new WisnStudy { Categories = [category] });

        Assert.Contains(outcome.Problems, p => p.Field == "categories[0].workingTime" && p.Message.Contains("nothing is left to work", StringComparison.Ordinal));
    }
}
