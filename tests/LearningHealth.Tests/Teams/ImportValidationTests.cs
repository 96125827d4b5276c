using LearningHealth.Teams.Import;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LearningHealth.Tests.Teams.ImportFiles;

namespace LearningHealth.Tests.Teams;

/// <summary>Files the import refuses, and what it says about them. Nothing is ever written, so the tests share a database.</summary>
public sealed class ImportValidationTests(SharedTeamDatabases databases) : IClassFixture<SharedTeamDatabases>
{
    private async Task<ImportResult> ImportRefusedAsync(string provider, string csv)
    {
        var services = await databases.ForAsync(provider);
        var result = await services.ImportAsync(csv);
        Assert.True(result.Refused);
        Assert.Equal(0, await services.QueryAsync(db => db.People.CountAsync()));
        return result;
    }

    private async Task AssertRowRejectedAsync(string provider, string badRow, string expected)
    {
        var result = await ImportRefusedAsync(provider, Csv(Row("Ann"), badRow));
        Assert.Equal((2, 1, 1), (result.RowsRead, result.RowsValid, result.RowsRejected));
        Assert.Equal(expected, Assert.Single(result.Problems).ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Wrong_columns_are_reported_once_with_the_expected_header(string provider)
    {
        var csv = "Given_Name,family_name,e-mail,phone,discipline,profession,registration_body,registration_number,engagement_type,organisation,role_title,fte,start_date,start_date\n"
            + Row("Ann") + "\n" + Row("Bob") + "\n";

        var result = await ImportRefusedAsync(provider, csv);

        Assert.Equal(
            $"line 1: the header must name these columns, in any order: {Header} (missing email, end_date; not expected e-mail; more than once start_date)",
            Assert.Single(result.Problems).ToString());
        Assert.Equal(0, result.RowsRead);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_date_is_reported_with_its_line_and_column(string provider) =>
        await AssertRowRejectedAsync(provider, Row("Bob", start: "31/02/2025"), "line 3, column start_date: '31/02/2025' is not a date (write dates as yyyy-MM-dd)");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_engagement_type_is_reported_with_the_types_there_are(string provider) =>
        await AssertRowRejectedAsync(provider,
            $"Bob,Jones,bob@riverside.example,,Researcher,,,,Freelance,{Hospital},,0.5,2024-01-01,",
            "line 3, column engagement_type: 'Freelance' is not an engagement type; use one of: Employed, Seconded, Contractor, Consultant, Platform provider staff, Volunteer");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_organisation_is_reported_by_name(string provider) =>
        await AssertRowRejectedAsync(provider,
            "Bob,Jones,bob@riverside.example,,Researcher,,,,Employed,Hillside Hospital,,0.5,2024-01-01,",
            "line 3, column organisation: there is no organisation called 'Hillside Hospital'; add it first, or use the name it has in LearningHealth");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_fte_out_of_range_is_rejected_by_the_same_rule_as_the_form(string provider) =>
        await AssertRowRejectedAsync(provider,
            $"Bob,Jones,bob@riverside.example,,Researcher,,,,Employed,{Hospital},,2,2024-01-01,",
            "line 3, column fte: FTE must be between 0 and 1.5.");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_end_before_the_start_is_rejected(string provider) =>
        await AssertRowRejectedAsync(provider,
            $"Bob,Jones,bob@riverside.example,,Researcher,,,,Contractor,{Hospital},,0.5,2024-06-01,2024-05-31",
            "line 3, column end_date: The end date is before the start date.");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Platform_provider_staff_must_be_engaged_through_a_platform_provider(string provider) =>
        await AssertRowRejectedAsync(provider,
            $"Bob,Jones,bob@riverside.example,,DigitalAndInformatics,,,,Platform provider staff,{Hospital},,0.5,2024-01-01,",
            $"line 3, column organisation: {Hospital} is not a platform provider; platform-provider staff are engaged through their vendor");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_problem_of_a_row_is_reported_in_column_order(string provider)
    {
        var result = await ImportRefusedAsync(provider, Csv(
            $",Jones,not-an-address,,Researcher,Medical,,,,{Hospital},,0.333,,",
            "Ann,Jones,ann@riverside.example,,Researcher",
            $"Ann,Jones,ann@riverside.example,,Wizard,,,,Employed,{Hospital},,abc,2024-01-01,"));

        Assert.Equal(
            [
                "line 2, column given_name: Enter the person's given name.",
                "line 2, column email: 'not-an-address' is not an e-mail address.",
                "line 2, column profession: Only clinicians have a clinical profession.",
                "line 2, column engagement_type: enter the engagement type, one of: Employed, Seconded, Contractor, Consultant, Platform provider staff, Volunteer",
                "line 2, column fte: '0.333' has more than two decimal places",
                "line 2, column start_date: enter the date the engagement started (yyyy-MM-dd)",
                "line 3: the row has 5 values but the header has 14 columns",
                "line 4, column discipline: 'Wizard' is not a discipline group; use one of: Patients and public, Clinicians, Researchers, Designers, Strategy, Operational delivery, Information analysts and data scientists, Digital and informatics, Other support professions",
                "line 4, column fte: 'abc' is not a number",
            ],
            result.Problems.Select(p => p.ToString()));
        Assert.Equal(3, result.RowsRejected);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_empty_file_is_refused_with_the_header_it_needs(string provider)
    {
        var result = await ImportRefusedAsync(provider, "");

        Assert.Equal($"line 1: the file is empty; its first line must be the header: {Header}", Assert.Single(result.Problems).ToString());
        Assert.Equal("Nothing imported.", result.Summary);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Badly_quoted_rows_are_reported_not_guessed(string provider)
    {
        var result = await ImportRefusedAsync(provider, Csv(Row("Ann"), $"Bob,Jones,bob@riverside.example,,Researcher,,,,Employed,{Hospital},\"Research\" manager,0.5,2024-01-01,"));

        Assert.Equal("line 3: text after the closing quote of a value", Assert.Single(result.Problems).ToString());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_saved_in_another_encoding_than_utf8_is_reported_not_imported_garbled(string provider)
    {
        var services = await databases.ForAsync(provider);
        var latin1 = System.Text.Encoding.Latin1.GetBytes(Csv(Row("Ann"), $"Zo\u00eb,Jones,zoe@riverside.example,,Researcher,,,,Employed,{Hospital},,0.5,2024-01-01,"));

        var result = await services.ImportAsync(latin1);

        Assert.True(result.Refused);
        Assert.Equal("line 3, column given_name: has characters that are not UTF-8; save the file as \"CSV UTF-8\" and import it again", Assert.Single(result.Problems).ToString());
    }
}
