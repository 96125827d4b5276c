using LearningHealth.Hosting;

namespace LearningHealth.Teams;

/// <summary>The rules a person and an engagement must satisfy, shared by the edit forms and the CSV import.</summary>
public static class PersonRules
{
    public static List<Problem> Check(string? givenName, string? familyName, string? email, DisciplineGroup discipline, ClinicalProfession? profession)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(givenName))
        {
            problems.Add(new Problem("Enter the person's given name.", "GivenName"));
        }

        if (string.IsNullOrWhiteSpace(familyName))
        {
            problems.Add(new Problem("Enter the person's family name.", "FamilyName"));
        }

        if (!string.IsNullOrWhiteSpace(email) && (!email.Contains('@', StringComparison.Ordinal) || email.Trim().Contains(' ', StringComparison.Ordinal)))
        {
            problems.Add(new Problem($"'{email}' is not an e-mail address.", "Email"));
        }

        if (!Enum.IsDefined(discipline))
        {
            problems.Add(new Problem("Choose a discipline group.", "Discipline"));
        }

        if (profession is not null && discipline != DisciplineGroup.Clinician)
        {
            problems.Add(new Problem("Only clinicians have a clinical profession.", "Profession"));
        }

        return problems;
    }

    public static List<Problem> CheckEngagement(decimal fte, DateOnly start, DateOnly? end)
    {
        var problems = new List<Problem>();
        if (fte is < 0 or > 1.5m)
        {
            problems.Add(new Problem("FTE must be between 0 and 1.5.", "Fte"));
        }

        if (end is { } e && e < start)
        {
            problems.Add(new Problem("The end date is before the start date.", "EndDate"));
        }

        return problems;
    }

    public static string? NormaliseEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
}
