using System.Collections.Frozen;
using System.Globalization;

namespace LearningHealth.Teams.Import;

/// <summary>
/// The team CSV format shared by <see cref="ImportPeople"/> and <see cref="ExportPeople"/>: one row per engagement,
/// the person's details repeated on each of their rows. docs/team-import.md describes it for people who fill it in.
/// </summary>
public static class TeamCsv
{
    public const string GivenName = "given_name";
    public const string FamilyName = "family_name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Discipline = "discipline";
    public const string Profession = "profession";
    public const string RegistrationBody = "registration_body";
    public const string RegistrationNumber = "registration_number";
    public const string EngagementType = "engagement_type";
    public const string Organisation = "organisation";
    public const string RoleTitle = "role_title";
    public const string Fte = "fte";
    public const string StartDate = "start_date";
    public const string EndDate = "end_date";

    /// <summary>Every column, in the order the export writes them. An import accepts them in any order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        GivenName, FamilyName, Email, Phone, Discipline, Profession, RegistrationBody, RegistrationNumber,
        EngagementType, Organisation, RoleTitle, Fte, StartDate, EndDate,
    ];

    /// <summary>The columns that describe the engagement; a row with all of them empty describes a person without one.</summary>
    public static readonly IReadOnlyList<string> EngagementColumns = [EngagementType, Organisation, RoleTitle, Fte, StartDate, EndDate];

    public static string Header => string.Join(',', Columns);

    private static readonly FrozenDictionary<string, int> Positions = Columns.Select((c, i) => (c, i)).ToFrozenDictionary(p => p.c, p => p.i, StringComparer.Ordinal);

    /// <summary>Where a column comes in <see cref="Columns"/>, or -1 for none.</summary>
    public static int Position(string? column) => column is not null && Positions.TryGetValue(column, out var position) ? position : -1;

    public const string DateFormat = "yyyy-MM-dd";
    private static readonly string[] DateFormats = [DateFormat, "dd/MM/yyyy"];

    /// <summary>
    /// Characters that make a spreadsheet run a cell as a formula. The export puts an apostrophe before a value that
    /// starts with one (so a phone number "+44 ..." is written "'+44 ..."), and the import takes that apostrophe off again.
    /// </summary>
    private const string FormulaStarts = "=+-@\t\r";

    private static readonly FrozenDictionary<string, DisciplineGroup> Disciplines = Names<DisciplineGroup>(TeamLabels.Label);
    private static readonly FrozenDictionary<string, ClinicalProfession> Professions = Names<ClinicalProfession>(TeamLabels.Label);
    private static readonly FrozenDictionary<string, EngagementType> EngagementTypes = Names<EngagementType>(TeamLabels.Label);

    public static bool TryParseDiscipline(string text, out DisciplineGroup value) => Disciplines.TryGetValue(text.Trim(), out value);

    public static bool TryParseProfession(string text, out ClinicalProfession value) => Professions.TryGetValue(text.Trim(), out value);

    public static bool TryParseEngagementType(string text, out EngagementType value) => EngagementTypes.TryGetValue(text.Trim(), out value);

    /// <summary>The values a column accepts, for messages: the plain-English labels (the enum names are accepted too).</summary>
    public static string Allowed<T>()
        where T : struct, Enum
    {
        return string.Join(", ", Enum.GetValues<T>().Select(v => v switch
        {
            DisciplineGroup d => TeamLabels.Label(d),
            ClinicalProfession p => TeamLabels.Label(p),
            EngagementType e => TeamLabels.Label(e),
            _ => v.ToString(),
        }));
    }

    /// <summary>Reads a date written as yyyy-MM-dd, or as dd/MM/yyyy as UK spreadsheets often save it.</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a full-time equivalent such as 0.5 or 1 (a point, never a comma, for the decimals).</summary>
    public static bool TryParseFte(string text, out decimal fte) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fte);

    /// <summary>The FTE as the export writes it: no trailing zeros, so 0.50 read back from PostgreSQL and 0.5 from SQLite look the same.</summary>
    public static string FormatFte(decimal fte) => fte.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Undoes the export's protection against spreadsheet formulas: "'+44 161" reads as "+44 161".</summary>
    public static string Unprotect(string value) =>
        value.Length >= 2 && value[0] == '\'' && FormulaStarts.Contains(value[1], StringComparison.Ordinal) ? value[1..] : value;

    private static FrozenDictionary<string, T> Names<T>(Func<T, string> label)
        where T : struct, Enum
    {
        var names = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in Enum.GetValues<T>())
        {
            names[value.ToString()] = value;
            names[label(value)] = value;
        }

        return names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
