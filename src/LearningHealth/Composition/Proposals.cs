using System.Globalization;
using LearningHealth.Teams;

namespace LearningHealth.Composition;

/// <summary>Turns a planned team into a proposal: members with their FTE and learning goals, the score, and the explanations.</summary>
internal static class Proposals
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static ProposedTeam Build(Preparation prep, IReadOnlyList<PlannedMember> plan, int rank, SolveQuality quality, double? gap, TimeSpan elapsed)
    {
        var score = prep.Score(plan);
        var competencies = prep.Problem.Competencies;
        var members = plan
            .Select(m =>
            {
                var p = prep.People[m.Person];
                var goals = p.OneShort
                    .Select(c => (c, holder: plan.Select(h => prep.People[h.Person]).FirstOrDefault(h => h.Holds.Contains(c))))
                    .Where(t => t.holder is not null)
                    .Select(t => $"{Name(competencies[t.c])} to level {competencies[t.c].MinimumLevel} (now {p.LevelFor[t.c].Level}), beside {t.holder!.Person.Name}")
                    .ToList();
                return new ProposedMember(
                    p.Person.Id,
                    p.Person.Name,
                    m.Role >= 0 ? prep.Problem.Roles[m.Role].Group : p.Person.Group,
                    p.Person.Engagement,
                    Preparation.Fte(m.Fte),
                    m.Lead,
                    Preparation.Fte(Math.Max(0, m.Fte - Math.Max(0, p.Spare))),
                    p.EndsEarly,
                    [.. p.Holds.Select(c => Name(competencies[c]))],
                    goals);
            })
            .OrderByDescending(m => m.IsLead).ThenBy(m => m.Group).ThenBy(m => m.Name, StringComparer.CurrentCulture)
            .ToList();
        return new ProposedTeam(rank, members, score, prep.RequirementsTotal, Explain(prep, plan), quality, gap, elapsed);
    }

    private static string Name(Initiatives.CompetencyRequirement c) => string.IsNullOrWhiteSpace(c.Name) ? c.Code : c.Name;

    private static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}",
        };
    }

    /// <summary>One plain explanation per unmet requirement, naming the people closest to meeting it and what stops them.</summary>
    internal static List<UnmetRequirement> Explain(Preparation prep, IReadOnlyList<PlannedMember> plan)
    {
        var unmet = new List<UnmetRequirement>();
        var options = prep.Options;
        var inTeam = plan.Select(m => m.Person).ToHashSet();
        var roles = prep.Problem.Roles;
        var totalFte = plan.Sum(m => (long)m.Fte);
        var cappedFte = plan.Where(m => prep.People[m.Person].Capped).Sum(m => (long)m.Fte);
        var cappedNames = Names(options.CappedTypes.Select(Preparation.Label).Order(StringComparer.Ordinal));
        var atMaxSize = options.MaxTeamSize is { } max && plan.Count >= max;

        // Why someone who could help is not in the team.
        string Blocker(PersonFacts p, int minFte)
        {
            if (p.ExcludedBecause is { } why)
            {
                return $"{p.Person.Name} is not proposed: {why}";
            }

            if (p.Capped && (100 * (cappedFte + minFte)) > options.CappedSharePercent * (totalFte + minFte))
            {
                return $"the cap on {cappedNames} time ({options.CappedSharePercent}% of FTE) blocks {p.Person.Name} ({Preparation.Label(p.Person.Engagement)})";
            }

            if (atMaxSize)
            {
                return $"the maximum team size ({options.MaxTeamSize}) blocks {p.Person.Name}";
            }

            return $"{p.Person.Name} could join but would cost more than the requirement is worth here";
        }

        for (var r = 0; r < roles.Count; r++)
        {
            var role = roles[r];
            var inRole = plan.Where(m => m.Role == r).ToList();
            var others = prep.People.Where(p => p.Roles.Contains(r) && !inTeam.Contains(p.Index)).ToList();
            if (inRole.Count < role.Count)
            {
                var why = others.Count == 0
                    ? $"No other {Preparation.Describe(role, false)} is available: recruit {(role.Count - inRole.Count == 1 ? "one" : role.Count - inRole.Count)}."
                    : $"{Capitalise(string.Join("; ", others.Take(5).Select(p => Blocker(p, p.MinFte))))}. To meet it: change that, or recruit.";
                unmet.Add(new($"{role.Count} {Preparation.Describe(role, role.Count != 1)}", $"The team has {inRole.Count}. {why}"));
            }

            var fte = inRole.Sum(m => m.Fte);
            if (fte < prep.RoleFte[r])
            {
                unmet.Add(new(
                    $"{role.Fte.ToString("0.0#", English)} FTE from {Preparation.Describe(role)}",
                    $"The team's {Preparation.Describe(role)} can give {Preparation.Fte(fte).ToString("0.0#", English)} FTE at most (their whole engagements). To meet it: add {Preparation.Describe(role)}, extend engagements, or reduce the FTE the work needs."));
            }

            if (role.LeadRequired && !inRole.Any(m => m.Lead))
            {
                var leadTypes = Names(options.LeadTypes.Select(Preparation.Label).Order(StringComparer.Ordinal));
                var possible = others.Where(p => p.CanLead).ToList();
                var inRoleNames = inRole.Select(m => $"{prep.People[m.Person].Person.Name} ({Preparation.Label(prep.People[m.Person].Person.Engagement)})").ToList();
                var why = possible.Count == 0
                    ? $"No {leadTypes} {Preparation.Describe(role, false)} is available to lead{(inRoleNames.Count > 0 ? $" ({string.Join(", ", inRoleNames)} cannot: a lead must be {leadTypes})" : "")}: recruit one, or let other engagement types lead."
                    : $"{Capitalise(string.Join("; ", possible.Take(5).Select(p => Blocker(p, p.MinFte))))}.";
                unmet.Add(new($"A lead for {Preparation.Describe(role)}", why));
            }
        }

        for (var c = 0; c < prep.Problem.Competencies.Count; c++)
        {
            var need = prep.Problem.Competencies[c];
            var holders = plan.Count(m => prep.People[m.Person].Holds.Contains(c));
            if (holders >= need.Holders)
            {
                continue;
            }

            var title = $"{need.Holders} {(need.Holders == 1 ? "person" : "people")} holding '{Name(need)}' at level {need.MinimumLevel}";
            var options2 = new List<string>();
            var holdersOutside = prep.People.Where(p => p.Holds.Contains(c) && !inTeam.Contains(p.Index)).ToList();
            options2.AddRange(holdersOutside.Take(5).Select(p => Blocker(p, p.MinFte)));
            var near = prep.People.Where(p => !p.Holds.Contains(c) && p.ExcludedBecause is null && p.LevelFor.TryGetValue(c, out _)).ToList();
            var close = new List<string>();
            foreach (var p in near.OrderByDescending(p => p.LevelFor[c].Level).Take(5))
            {
                var level = p.LevelFor[c];
                if (level.ExpiresOn is { } expires && expires < prep.AsOf)
                {
                    close.Add($"{p.Person.Name} (level {level.Level}, expired {expires.ToString("d MMM yyyy", English)}: renew it)");
                }
                else if (!level.Confirmed && !options.AllowUnconfirmed && level.Level >= need.MinimumLevel)
                {
                    close.Add($"{p.Person.Name} (level {level.Level}, not confirmed: confirm it or allow unconfirmed levels)");
                }
                else
                {
                    close.Add($"{p.Person.Name} (level {level.Level})");
                }
            }

            var sentence = holdersOutside.Count == 0
                ? $"No one {(holders > 0 ? "else " : "")}available holds '{Name(need)}' at level {need.MinimumLevel}"
                : Capitalise(string.Join("; ", options2));
            var what = close.Count > 0 ? $": {Names(close)} or recruit" : ": recruit, or develop someone to that level";
            unmet.Add(new(title, $"The team has {holders}. {sentence}{(holdersOutside.Count == 0 ? what : $". Otherwise{what}")}."));
        }

        if ((100 * cappedFte) > options.CappedSharePercent * totalFte)
        {
            var share = totalFte == 0 ? 0 : 100m * cappedFte / totalFte;
            var who = plan.Where(m => prep.People[m.Person].Capped).Select(m => prep.People[m.Person].Person.Name).ToList();
            unmet.Add(new(
                $"At most {options.CappedSharePercent}% of FTE from {cappedNames}",
                $"{Capitalise(cappedNames)} give {share.ToString("0", English)}% of the team's FTE ({string.Join(", ", who)}): without them other requirements go unmet. To meet it: raise the cap, or recruit employed or seconded people with the same skills."));
        }

        if (options.MaxTeamSize is { } limit && plan.Count > limit)
        {
            unmet.Add(new($"At most {limit} people", $"The team has {plan.Count}: the people you asked to include and the requirements need more. To meet it: raise the maximum, or include fewer people by name."));
        }

        return unmet;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpper(text[0], English) + text[1..];
}
