using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearningHealth.Hosting;

namespace LearningHealth.Workforce;

/// <summary>
/// Reads and checks a scenario file (JSON, see docs/workforce.md). Every problem names the field it concerns, e.g.
/// <c>roles[0].pipelines[1].completionRate</c>, so a planner can find it in the file or beside the form field.
/// </summary>
public static class ScenarioFile
{
    public const int MaxHorizonYears = 25;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads a scenario from JSON text and checks it.</summary>
    /// <param name="competencyFte">
    /// Answers "FTE holding competency X at level ≥ n" from a skills register, or null where it cannot; the entered
    /// figure is used then.
    /// </param>
    public static Outcome<ScenarioModel> Parse(string json, Func<CompetencySupply, double?>? competencyFte = null)
    {
        WorkforceScenario? scenario;
        try
        {
            // A byte order mark left in the text by an editor is not part of the JSON.
            scenario = JsonSerializer.Deserialize<WorkforceScenario>(json.TrimStart('\uFEFF'), Json);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path.TrimStart('$', '.');
            var detail = e.Message.Split(" Path:", 2)[0];
            // Without a field the line is the only way to say where the JSON breaks.
            return new Problem(field is null ? $"The scenario is not valid JSON (line {(e.LineNumber ?? 0) + 1}): {detail}" : $"{field}: {detail}", field);
        }

        return scenario is null ? new Problem("The scenario file is empty.") : Check(scenario, competencyFte);
    }

    public static string Write(WorkforceScenario scenario) => JsonSerializer.Serialize(scenario, Json);

    /// <summary>The scenario as written, unchecked, or null when the text is not a readable scenario file.</summary>
    public static WorkforceScenario? TryRead(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkforceScenario>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static Outcome<ScenarioModel> Check(WorkforceScenario scenario, Func<CompetencySupply, double?>? competencyFte = null)
    {
        var problems = new List<Problem>();
        var checker = new Checker(problems);
        var startYear = checker.Required(scenario.StartYear, "startYear");
        if (startYear is < 1900 or > 2200)
        {
            checker.Add("startYear", $"startYear must be a calendar year between 1900 and 2200; it is {startYear}.");
        }

        var horizon = checker.Required(scenario.HorizonYears, "horizonYears");
        if (horizon is < 1 or > MaxHorizonYears)
        {
            checker.Add("horizonYears", $"horizonYears must be between 1 and {MaxHorizonYears}; it is {horizon}.");
            horizon = 0;
        }

        var roles = new List<RoleModel>();
        if (scenario.Roles is null || scenario.Roles.Count == 0)
        {
            checker.Add("roles", "roles is required: list at least one role or skill to project.");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < scenario.Roles.Count; i++)
            {
                var role = CheckRole(scenario.Roles[i], $"roles[{i}]", startYear, horizon, checker, competencyFte);
                if (role is not null && !names.Add(role.Name))
                {
                    checker.Add($"roles[{i}].name", $"roles[{i}].name: '{role.Name}' appears twice; each role needs its own name.");
                }

                if (role is not null)
                {
                    roles.Add(role);
                }
            }
        }

        var variants = new List<VariantModel>();
        var given = scenario.Variants is { Count: > 0 } ? scenario.Variants : ScenarioVariant.Defaults;
        for (var i = 0; i < given.Count; i++)
        {
            var v = given[i];
            var at = $"variants[{i}]";
            var name = string.IsNullOrWhiteSpace(v.Name) ? null : v.Name.Trim();
            if (name is null)
            {
                checker.Add($"{at}.name", $"{at}.name is required.");
                continue;
            }

            if (variants.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                checker.Add($"{at}.name", $"{at}.name: '{name}' appears twice.");
            }

            variants.Add(new VariantModel(
                name,
                checker.NonNegative(v.IntakeFactor ?? 1, $"{at}.intakeFactor"),
                checker.NonNegative(v.CompletionFactor ?? 1, $"{at}.completionFactor"),
                checker.NonNegative(v.RecruitmentFactor ?? 1, $"{at}.recruitmentFactor"),
                checker.NonNegative(v.AttritionFactor ?? 1, $"{at}.attritionFactor"),
                checker.Between(v.DemandGrowthShift ?? 0, -1, 1, $"{at}.demandGrowthShift")));
        }

        return problems.Count > 0
            ? Outcome<ScenarioModel>.Fail(problems)
            : Outcome<ScenarioModel>.Ok(new ScenarioModel(scenario.Name?.Trim() is { Length: > 0 } n ? n : "Workforce scenario", startYear, horizon, roles, variants));
    }

    private static RoleModel? CheckRole(RoleScenario role, string at, int startYear, int horizon, Checker c, Func<CompetencySupply, double?>? competencyFte)
    {
        var before = c.Count;
        var name = role.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            c.Add($"{at}.name", $"{at}.name is required.");
            name = at;
        }

        double startingFte = 0;
        var source = "entered";
        if (role.Supply is null)
        {
            c.Add($"{at}.supply", $"{at}.supply is required: the FTE in the role now (supply.fte).");
        }
        else
        {
            var fromRegister = role.Supply.Competency is { } competency ? competencyFte?.Invoke(competency) : null;
            if (fromRegister is { } held)
            {
                startingFte = held;
                source = $"competency {role.Supply.Competency!.Framework} {role.Supply.Competency.Code} at level ≥ {role.Supply.Competency.MinimumLevel}";
            }
            else
            {
                startingFte = c.NonNegative(c.Required(role.Supply.Fte, $"{at}.supply.fte"), $"{at}.supply.fte");
                source = role.Supply.Group is not null || role.Supply.RoleTitle is not null
                    ? $"team registry: {string.Join(", ", new[] { role.Supply.Group, role.Supply.RoleTitle }.Where(s => s is not null))}"
                    : "entered";
            }
        }

        var pipelines = new List<PipelineModel>();
        for (var k = 0; k < (role.Pipelines?.Count ?? 0); k++)
        {
            var p = role.Pipelines![k];
            var pat = $"{at}.pipelines[{k}]";
            var duration = c.Required(p.DurationYears, $"{pat}.durationYears");
            if (duration < 0)
            {
                c.Add($"{pat}.durationYears", $"{pat}.durationYears must not be negative; it is {duration}.");
            }
            else if (horizon > 0 && duration >= horizon)
            {
                c.Add($"{pat}.durationYears", $"{pat}.durationYears ({duration}) is as long as or longer than the horizon ({horizon} years): no intake could complete within it.");
            }

            var inTraining = (p.InTraining ?? []).ToArray();
            for (var j = 0; j < inTraining.Length; j++)
            {
                c.NonNegative(inTraining[j], $"{pat}.inTraining[{j}]");
            }

            if (inTraining.Length > Math.Max(duration, 0) && duration >= 0)
            {
                c.Add($"{pat}.inTraining", $"{pat}.inTraining lists {inTraining.Length} cohorts but a {duration}-year route can hold at most {duration}.");
            }

            pipelines.Add(new PipelineModel(
                string.IsNullOrWhiteSpace(p.Name) ? $"route {k + 1}" : p.Name.Trim(),
                Math.Max(duration, 0),
                c.NonNegative(c.Required(p.YearlyIntake, $"{pat}.yearlyIntake"), $"{pat}.yearlyIntake"),
                c.Rate(c.Required(p.CompletionRate, $"{pat}.completionRate"), $"{pat}.completionRate"),
                inTraining));
        }

        var domestic = c.NonNegative(role.Recruitment?.Domestic ?? 0, $"{at}.recruitment.domestic");
        var international = c.NonNegative(role.Recruitment?.International ?? 0, $"{at}.recruitment.international");

        double pool = 0, devRate = 0;
        var lead = 0;
        if (role.InternalDevelopment is { } dev)
        {
            pool = c.NonNegative(c.Required(dev.Pool, $"{at}.internalDevelopment.pool"), $"{at}.internalDevelopment.pool");
            devRate = c.Rate(c.Required(dev.Rate, $"{at}.internalDevelopment.rate"), $"{at}.internalDevelopment.rate");
            lead = c.Required(dev.LeadTimeYears, $"{at}.internalDevelopment.leadTimeYears");
            if (lead < 0 || (horizon > 0 && lead >= horizon))
            {
                c.Add($"{at}.internalDevelopment.leadTimeYears", $"{at}.internalDevelopment.leadTimeYears must be from 0 to {Math.Max(horizon - 1, 0)} (shorter than the horizon); it is {lead}.");
                lead = 0;
            }
        }

        double attrition, retirement;
        if (role.AgeBands is { Count: > 0 } bands)
        {
            if (role.AttritionRate is not null || role.RetirementRate is not null)
            {
                c.Add($"{at}.ageBands", $"{at}: give either attritionRate and retirementRate or ageBands, not both.");
            }

            attrition = 0;
            retirement = 0;
            var shares = 0.0;
            for (var b = 0; b < bands.Count; b++)
            {
                var bat = $"{at}.ageBands[{b}]";
                var share = c.Rate(c.Required(bands[b].Share, $"{bat}.share"), $"{bat}.share");
                var ba = c.Rate(c.Required(bands[b].AttritionRate, $"{bat}.attritionRate"), $"{bat}.attritionRate");
                var br = c.Rate(bands[b].RetirementRate ?? 0, $"{bat}.retirementRate");
                if (ba + br > 1)
                {
                    c.Add($"{bat}.retirementRate", $"{bat}: attritionRate + retirementRate must not exceed 1; they add up to {Format(ba + br)}.");
                }

                shares += share;
                attrition += share * ba;
                retirement += share * br;
            }

            if (Math.Abs(shares - 1) > 1e-6)
            {
                c.Add($"{at}.ageBands", $"{at}.ageBands: the shares must add up to 1; they add up to {Format(shares)}.");
            }
        }
        else
        {
            attrition = c.Rate(c.Required(role.AttritionRate, $"{at}.attritionRate"), $"{at}.attritionRate");
            retirement = c.Rate(role.RetirementRate ?? 0, $"{at}.retirementRate");
            if (attrition + retirement > 1)
            {
                c.Add($"{at}.retirementRate", $"{at}: attritionRate + retirementRate must not exceed 1; they add up to {Format(attrition + retirement)}.");
            }
        }

        var endings = new double[Math.Max(horizon, 0)];
        for (var e = 0; e < (role.KnownEndings?.Count ?? 0); e++)
        {
            var ending = role.KnownEndings![e];
            var eat = $"{at}.knownEndings[{e}]";
            var year = c.Required(ending.Year, $"{eat}.year");
            var fte = c.NonNegative(c.Required(ending.Fte, $"{eat}.fte"), $"{eat}.fte");
            var index = year - startYear;
            if (index >= 0 && index < endings.Length)
            {
                endings[index] += fte;
            }
        }

        double demandBase = 0, growth = 0;
        var initiatives = new double[Math.Max(horizon, 0)];
        if (role.Demand is not { } demand)
        {
            c.Add($"{at}.demand", $"{at}.demand is required: the FTE needed now (demand.fte) or the WISN required staff (demand.wisnRequired).");
        }
        else
        {
            demandBase = demand.WisnRequired is { } wisn
                ? c.NonNegative(wisn, $"{at}.demand.wisnRequired")
                : c.NonNegative(c.Required(demand.Fte, $"{at}.demand.fte"), $"{at}.demand.fte");
            growth = c.Between(demand.GrowthRate ?? 0, -0.99, 1, $"{at}.demand.growthRate");
            for (var d = 0; d < (demand.Initiatives?.Count ?? 0); d++)
            {
                var initiative = demand.Initiatives![d];
                var dat = $"{at}.demand.initiatives[{d}]";
                var from = c.Required(initiative.FromYear, $"{dat}.fromYear");
                var to = c.Required(initiative.ToYear, $"{dat}.toYear");
                var fte = c.NonNegative(c.Required(initiative.Fte, $"{dat}.fte"), $"{dat}.fte");
                if (to < from)
                {
                    c.Add($"{dat}.toYear", $"{dat}.toYear ({to}) is before fromYear ({from}).");
                }

                for (var y = Math.Max(from, startYear); y <= to && y - startYear < initiatives.Length; y++)
                {
                    initiatives[y - startYear] += fte;
                }
            }
        }

        var u = role.Uncertainty;
        var uncertainty = u is null
            ? UncertaintyModel.None
            : new UncertaintyModel(
                CheckDistribution(u.AttritionRate, $"{at}.uncertainty.attritionRate", 0, 1, c),
                CheckDistribution(u.RetirementRate, $"{at}.uncertainty.retirementRate", 0, 1, c),
                CheckDistribution(u.CompletionRate, $"{at}.uncertainty.completionRate", 0, 1, c),
                CheckDistribution(u.RecruitmentFactor, $"{at}.uncertainty.recruitmentFactor", 0, double.PositiveInfinity, c),
                CheckDistribution(u.IntakeFactor, $"{at}.uncertainty.intakeFactor", 0, double.PositiveInfinity, c),
                CheckDistribution(u.DemandGrowthRate, $"{at}.uncertainty.demandGrowthRate", -0.99, 1, c));

        return c.Count > before
            ? null
            : new RoleModel(name, startingFte, pipelines, domestic, international, pool, devRate, lead, attrition, retirement,
                endings, demandBase, growth, initiatives, uncertainty.IsNone ? UncertaintyModel.None : uncertainty, source);
    }

    private static DistributionModel? CheckDistribution(Distribution? d, string at, double lower, double upper, Checker c)
    {
        if (d is null)
        {
            return null;
        }

        switch (d.Type?.Trim().ToLowerInvariant())
        {
            case "normal":
            {
                var mean = c.Required(d.Mean, $"{at}.mean");
                var sd = c.NonNegative(c.Required(d.Sd, $"{at}.sd"), $"{at}.sd");
                return new DistributionModel(DistributionKind.Normal, mean, sd, 0, 0, lower, upper);
            }

            case "triangular":
            {
                var min = c.Required(d.Min, $"{at}.min");
                var mode = c.Required(d.Mode, $"{at}.mode");
                var max = c.Required(d.Max, $"{at}.max");
                if (!(min <= mode && mode <= max))
                {
                    c.Add($"{at}.mode", $"{at}: a triangular distribution needs min ≤ mode ≤ max; it has {Format(min)}, {Format(mode)}, {Format(max)}.");
                }

                return new DistributionModel(DistributionKind.Triangular, min, mode, max, 0, lower, upper);
            }

            case "beta":
            {
                var alpha = c.Required(d.Alpha, $"{at}.alpha");
                var beta = c.Required(d.Beta, $"{at}.beta");
                if (alpha <= 0 || beta <= 0)
                {
                    c.Add($"{at}.alpha", $"{at}: a beta distribution needs alpha > 0 and beta > 0.");
                }

                var min = d.Min ?? 0;
                var max = d.Max ?? 1;
                if (max < min)
                {
                    c.Add($"{at}.max", $"{at}.max ({Format(max)}) is below min ({Format(min)}).");
                }

                return new DistributionModel(DistributionKind.Beta, alpha, beta, min, max, lower, upper);
            }

            case null:
                c.Add($"{at}.type", $"{at}.type is required: normal, triangular or beta.");
                return null;
            default:
                c.Add($"{at}.type", $"{at}.type '{d.Type}' is not known: use normal, triangular or beta.");
                return null;
        }
    }

    internal static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private sealed class Checker(List<Problem> problems)
    {
        public int Count => problems.Count;

        public void Add(string field, string message) => problems.Add(new Problem(message, field));

        public T Required<T>(T? value, string field)
            where T : struct
        {
            if (value is null)
            {
                Add(field, $"{field} is required.");
            }

            return value ?? default;
        }

        public double NonNegative(double value, string field)
        {
            if (!double.IsFinite(value) || value < 0)
            {
                Add(field, $"{field} must not be negative; it is {Format(value)}.");
                return 0;
            }

            return value;
        }

        public double Rate(double value, string field)
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
            {
                Add(field, $"{field} is a rate and must be between 0 and 1; it is {Format(value)}.");
                return 0;
            }

            return value;
        }

        public double Between(double value, double lower, double upper, string field)
        {
            if (!double.IsFinite(value) || value < lower || value > upper)
            {
                Add(field, $"{field} must be between {Format(lower)} and {Format(upper)}; it is {Format(value)}.");
                return 0;
            }

            return value;
        }
    }
}
