using System.Text.Json;
using LearningHealth.Hosting;

namespace LearningHealth.Workforce;

/// <summary>
/// A WISN study (WHO, Workload Indicators of Staffing Need, user's manual, 2010): for each staff category at each
/// facility, the time staff can work, the activities that make up their workload and the allowances.
/// </summary>
public sealed class WisnStudy
{
    public string? Name { get; set; }
    public List<WisnCategory>? Categories { get; set; }
}

public sealed class WisnCategory
{
    public string? Facility { get; set; }
    public string? StaffCategory { get; set; }
    /// <summary>Staff of this category in post (for the WISN difference and ratio).</summary>
    public double? ExistingStaff { get; set; }
    public WorkingTime? WorkingTime { get; set; }
    public List<WisnActivity>? HealthServiceActivities { get; set; }
    /// <summary>Support activities done by all staff of the category, as a percentage of working time (CAS).</summary>
    public List<CategoryAllowance>? CategoryAllowances { get; set; }
    /// <summary>Activities done by some staff only, as hours a year for all who do them (IAS).</summary>
    public List<IndividualAllowance>? IndividualAllowances { get; set; }
}

/// <summary>
/// A: possible working days a year (e.g. 52 weeks × 5 days); B–E: days lost to public holidays, annual leave, sick
/// leave and other leave (training and the like); hours in a working day.
/// </summary>
public sealed class WorkingTime
{
    public double? WorkingDays { get; set; }
    public double? PublicHolidays { get; set; }
    public double? AnnualLeave { get; set; }
    public double? SickLeave { get; set; }
    public double? OtherLeave { get; set; }
    public double? HoursPerDay { get; set; }
}

/// <summary>
/// A health service activity: its annual workload (how many times it is done in a year) and its activity standard,
/// the time one unit takes, in minutes.
/// </summary>
public sealed class WisnActivity
{
    public string? Name { get; set; }
    public double? AnnualWorkload { get; set; }
    public double? MinutesPerUnit { get; set; }
}

public sealed class CategoryAllowance
{
    public string? Name { get; set; }
    public double? Percent { get; set; }
}

public sealed class IndividualAllowance
{
    public string? Name { get; set; }
    /// <summary>Hours a year for one member of staff doing it.</summary>
    public double? HoursPerYear { get; set; }
    /// <summary>How many staff do it.</summary>
    public double? Staff { get; set; }
}

public sealed record WisnActivityResult(string Name, double AnnualWorkload, double StandardWorkload, double StaffNeeded);

public sealed record WisnResult(
    string Facility,
    string StaffCategory,
    double AvailableWorkingDays,
    double AvailableWorkingHours,
    IReadOnlyList<WisnActivityResult> Activities,
    double HealthServiceStaff,
    double TotalCategoryAllowancePercent,
    double CategoryAllowanceFactor,
    double TotalIndividualAllowanceHours,
    double IndividualAllowanceFactor,
    double RequiredStaff,
    double? ExistingStaff,
    double? WisnDifference,
    double? WisnRatio,
    string? Assessment);

public sealed record WisnStudyResult(string Name, IReadOnlyList<WisnResult> Results);

/// <summary>
/// The WISN calculation, step by step as the WHO manual sets it out:
/// <list type="number">
/// <item>Available working time AWT = A − (B + C + D + E) days, × hours a day to give hours.</item>
/// <item>Standard workload of an activity = AWT (hours) / unit time (hours): how many units one person can do in a year.</item>
/// <item>Staff for health service activities = Σ annual workload / standard workload.</item>
/// <item>Category allowance factor CAF = 1 / (1 − total CAS% / 100).</item>
/// <item>Individual allowance factor IAF = total IAS (hours a year) / AWT (hours).</item>
/// <item>Required staff = staff for health service activities × CAF + IAF.</item>
/// <item>WISN difference = existing − required (negative: a shortage); WISN ratio = existing / required (1 balanced, &lt; 1 shortage).</item>
/// </list>
/// </summary>
public static class Wisn
{
    public static Outcome<WisnStudyResult> Parse(string json)
    {
        WisnStudy? study;
        try
        {
            study = JsonSerializer.Deserialize<WisnStudy>(json, ScenarioFile.Json);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path.TrimStart('$', '.');
            return new Problem($"{field ?? "The study"}: {e.Message.Split(" Path:", 2)[0]}", field);
        }

        return study is null ? new Problem("The WISN study is empty.") : Calculate(study);
    }

    public static Outcome<WisnStudyResult> Calculate(WisnStudy study)
    {
        var problems = new List<Problem>();
        if (study.Categories is not { Count: > 0 })
        {
            return new Problem("categories is required: at least one staff category at a facility.", "categories");
        }

        var results = new List<WisnResult>();
        for (var i = 0; i < study.Categories.Count; i++)
        {
            var result = Calculate(study.Categories[i], $"categories[{i}]", problems);
            if (result is not null)
            {
                results.Add(result);
            }
        }

        return problems.Count > 0
            ? Outcome<WisnStudyResult>.Fail(problems)
            : Outcome<WisnStudyResult>.Ok(new WisnStudyResult(study.Name ?? "WISN study", results));
    }

    private static WisnResult? Calculate(WisnCategory c, string at, List<Problem> problems)
    {
        var before = problems.Count;
        double Need(double? value, string field, bool positive = false)
        {
            if (value is not { } v)
            {
                problems.Add(new Problem($"{at}.{field} is required.", $"{at}.{field}"));
                return 0;
            }

            if (!double.IsFinite(v) || v < 0 || (positive && v == 0))
            {
                problems.Add(new Problem($"{at}.{field} must be {(positive ? "greater than 0" : "0 or more")}; it is {ScenarioFile.Format(v)}.", $"{at}.{field}"));
                return 0;
            }

            return v;
        }

        if (string.IsNullOrWhiteSpace(c.StaffCategory))
        {
            problems.Add(new Problem($"{at}.staffCategory is required.", $"{at}.staffCategory"));
        }

        var t = c.WorkingTime;
        if (t is null)
        {
            problems.Add(new Problem($"{at}.workingTime is required.", $"{at}.workingTime"));
            return null;
        }

        var days = Need(t.WorkingDays, "workingTime.workingDays", positive: true)
            - (Need(t.PublicHolidays ?? 0, "workingTime.publicHolidays") + Need(t.AnnualLeave ?? 0, "workingTime.annualLeave")
               + Need(t.SickLeave ?? 0, "workingTime.sickLeave") + Need(t.OtherLeave ?? 0, "workingTime.otherLeave"));
        var hoursPerDay = Need(t.HoursPerDay, "workingTime.hoursPerDay", positive: true);
        if (days <= 0 && problems.Count == before)
        {
            problems.Add(new Problem($"{at}.workingTime: leave and holidays take all the working days; nothing is left to work.", $"{at}.workingTime"));
        }

        var awtHours = days * hoursPerDay;
        var activities = new List<WisnActivityResult>();
        var serviceStaff = 0.0;
        for (var a = 0; a < (c.HealthServiceActivities?.Count ?? 0); a++)
        {
            var activity = c.HealthServiceActivities![a];
            var workload = Need(activity.AnnualWorkload, $"healthServiceActivities[{a}].annualWorkload");
            var minutes = Need(activity.MinutesPerUnit, $"healthServiceActivities[{a}].minutesPerUnit", positive: true);
            if (minutes == 0 || awtHours <= 0)
            {
                continue;
            }

            var standard = awtHours / (minutes / 60);
            var staff = workload / standard;
            serviceStaff += staff;
            activities.Add(new WisnActivityResult(activity.Name ?? $"activity {a + 1}", workload, standard, staff));
        }

        var casPercent = 0.0;
        for (var a = 0; a < (c.CategoryAllowances?.Count ?? 0); a++)
        {
            casPercent += Need(c.CategoryAllowances![a].Percent, $"categoryAllowances[{a}].percent");
        }

        if (casPercent >= 100)
        {
            problems.Add(new Problem($"{at}.categoryAllowances: the percentages add up to {ScenarioFile.Format(casPercent)}; they must be below 100.", $"{at}.categoryAllowances"));
        }

        var iasHours = 0.0;
        for (var a = 0; a < (c.IndividualAllowances?.Count ?? 0); a++)
        {
            var allowance = c.IndividualAllowances![a];
            iasHours += Need(allowance.HoursPerYear, $"individualAllowances[{a}].hoursPerYear") * Need(allowance.Staff ?? 1, $"individualAllowances[{a}].staff");
        }

        double? existing = c.ExistingStaff is null ? null : Need(c.ExistingStaff, "existingStaff");
        if (problems.Count > before)
        {
            return null;
        }

        var caf = 1 / (1 - (casPercent / 100));
        var iaf = iasHours / awtHours;
        var required = (serviceStaff * caf) + iaf;
        double? difference = existing is { } e ? e - required : null;
        double? ratio = existing is { } x && required > 0 ? x / required : null;
        // The manual reads the ratio to two decimals: 1.00 balanced, below it a shortage, above it more than needed.
        var assessment = ratio is { } r ? Math.Round(r, 2) switch
        {
            < 1 => "shortage",
            > 1 => "surplus",
            _ => "balanced",
        } : null;
        return new WisnResult(c.Facility ?? "", c.StaffCategory!.Trim(), days, awtHours, activities, serviceStaff, casPercent, caf, iasHours, iaf, required, existing, difference, ratio, assessment);
    }
}
