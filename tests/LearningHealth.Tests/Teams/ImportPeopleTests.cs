using LearningHealth.Teams;
using LearningHealth.Teams.Import;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LearningHealth.Tests.Teams.ImportFiles;

namespace LearningHealth.Tests.Teams;

public sealed class ImportPeopleTests
{
    private static readonly string GoodFile = Csv(
        $"Asha,Patel,asha.patel@riverside.example,0161 496 0001,Clinician,Medical,GMC,7012345,Employed,{Hospital},Consultant physician,0.6,2023-04-01,",
        $"Asha,Patel,ASHA.PATEL@Riverside.example,0161 496 0001,clinicians,medical,GMC,7012345,seconded,{University.ToUpperInvariant()},Clinical lecturer,0.2,01/09/2024,31/08/2026",
        $"Tom,Reid,tom.reid@acme.example,,Information analysts and data scientists,,,,Platform provider staff,{Vendor},Data engineer,1,2024-01-15,",
        $"Lena,Kowalski,lena.kowalski@acme.example,,DigitalAndInformatics,,,,PlatformProviderStaff,{Vendor},Platform engineer,0.5,2024-03-01,",
        $"Mo,Farah,,,Patients and public,,,,Volunteer,{Hospital},\"Patient partner, frailty\",0.05,2024-02-01,");

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_good_file_creates_its_people_with_every_engagement(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(GoodFile);

        Assert.Empty(result.Problems);
        Assert.False(result.Refused);
        Assert.Equal((5, 5, 0), (result.RowsRead, result.RowsValid, result.RowsRejected));
        Assert.Equal((4, 0, 5, 0), (result.PeopleCreated, result.PeopleMatched, result.EngagementsAdded, result.DuplicatesSkipped));
        var people = await services.QueryAsync(db => db.People.Include(p => p.Engagements).ThenInclude(e => e.Organisation).AsNoTracking().ToListAsync());
        Assert.Equal(["Farah", "Kowalski", "Patel", "Reid"], people.Select(p => p.FamilyName).Order(StringComparer.Ordinal));

        var asha = people.Single(p => p.FamilyName == "Patel");
        Assert.Equal(("asha.patel@riverside.example", DisciplineGroup.Clinician, ClinicalProfession.Medical, "GMC", "7012345"),
            (asha.Email, asha.Discipline, asha.Profession, asha.RegistrationBody, asha.RegistrationNumber));
        var secondment = Assert.Single(asha.Engagements, e => e.Type == EngagementType.Seconded);
        Assert.Equal((University, 0.2m, new DateOnly(2024, 9, 1), (DateOnly?)new DateOnly(2026, 8, 31)),
            (secondment.Organisation!.Name, secondment.Fte, secondment.StartDate, secondment.EndDate));

        Assert.Equal(DisciplineGroup.InformationAnalyst, people.Single(p => p.FamilyName == "Reid").Discipline);
        Assert.Equal(EngagementType.PlatformProviderStaff, Assert.Single(people.Single(p => p.FamilyName == "Kowalski").Engagements).Type);
        var mo = people.Single(p => p.FamilyName == "Farah");
        Assert.Null(mo.Email);
        Assert.Equal("Patient partner, frailty", Assert.Single(mo.Engagements).RoleTitle);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_the_same_file_again_adds_nothing(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);
        await services.ImportAsync(GoodFile);

        var again = await services.ImportAsync(GoodFile);

        Assert.Empty(again.Problems);
        Assert.Equal((0, 4, 0, 5), (again.PeopleCreated, again.PeopleMatched, again.EngagementsAdded, again.DuplicatesSkipped));
        Assert.Equal(4, await services.QueryAsync(db => db.People.CountAsync()));
        Assert.Equal(5, await services.QueryAsync(db => db.Engagements.CountAsync()));
        Assert.Contains(again.Notes, n => n.ToString().StartsWith("line 2: matched existing person Asha Patel by e-mail", StringComparison.Ordinal));
        Assert.Contains(again.Notes, n => n.ToString().StartsWith("line 6: matched existing person Mo Farah by name", StringComparison.Ordinal));
        Assert.Contains(again.Notes, n => n.ToString().StartsWith("line 3: skipped: Asha Patel already has this engagement", StringComparison.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Someone_already_in_the_directory_gets_the_new_engagement_and_keeps_their_details(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);
        await services.ImportAsync(Csv(
            $"Asha,Patel,asha.patel@riverside.example,0161 496 0001,Clinician,Medical,GMC,7012345,Employed,{Hospital},Consultant physician,0.6,2023-04-01,",
            $"Ravi,Shah,,,Clinician,Nursing,NMC,12A3456B,Employed,{Hospital},Ward sister,1,2022-01-01,"));

        var result = await services.ImportAsync(Csv(
            $"Asha,Patel-Jones,Asha.Patel@riverside.example,07700 900000,Researcher,,,,Seconded,{University},Clinical lecturer,0.2,2024-09-01,",
            $"R,Shah,ravi.shah@riverside.example,,Clinician,Nursing,NMC,12a3456b,Seconded,{University},Lecturer,0.2,2024-09-01,",
            $"New,Person,new.person@riverside.example,,Strategy,,,,Consultant,{University},Adviser,0.1,2024-09-01,"));

        Assert.Empty(result.Problems);
        Assert.Equal((1, 2, 3, 0), (result.PeopleCreated, result.PeopleMatched, result.EngagementsAdded, result.DuplicatesSkipped));
        Assert.Contains(result.Notes, n => n.ToString() == "line 2: matched existing person Asha Patel by e-mail; their details in the directory are kept (the file names them Asha Patel-Jones)");
        Assert.Contains(result.Notes, n => n.ToString().StartsWith("line 3: matched existing person Ravi Shah by registration number", StringComparison.Ordinal));
        var people = await services.QueryAsync(db => db.People.Include(p => p.Engagements).AsNoTracking().ToListAsync());
        Assert.Equal(3, people.Count);
        var asha = people.Single(p => p.GivenName == "Asha");
        Assert.Equal(("Patel", "0161 496 0001", DisciplineGroup.Clinician), (asha.FamilyName, asha.Phone, asha.Discipline));
        Assert.Equal(2, asha.Engagements.Count);
        var ravi = people.Single(p => p.FamilyName == "Shah");
        Assert.Equal(("Ravi", (string?)null), (ravi.GivenName, ravi.Email));
        Assert.Equal(2, ravi.Engagements.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_registration_number_that_belongs_to_someone_else_in_the_directory_is_rejected(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);
        await services.ImportAsync(Csv($"Asha,Patel,asha.patel@riverside.example,,Clinician,Medical,GMC,7012345,Employed,{Hospital},Consultant,0.6,2023-04-01,"));

        var result = await services.ImportAsync(Csv($"Ben,Cole,ben.cole@riverside.example,,Clinician,Medical,GMC,7012345,Employed,{Hospital},Consultant,0.6,2023-04-01,"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal("line 2, column registration_number: registration number 7012345 belongs to Asha Patel in the directory, whose e-mail is asha.patel@riverside.example, not ben.cole@riverside.example", problem.ToString());
        Assert.Equal(1, await services.QueryAsync(db => db.People.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task All_or_nothing_writes_nothing_when_one_row_is_bad(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(Csv(Row("Ann"), Row("Bob", start: "2024-02-30"), Row("Cat")));

        Assert.True(result.Refused);
        Assert.False(result.WroteAnything);
        Assert.Equal((3, 2, 1), (result.RowsRead, result.RowsValid, result.RowsRejected));
        Assert.Equal((0, 0, 0), (result.PeopleCreated, result.EngagementsAdded, result.Notes.Count));
        Assert.Equal("line 3, column start_date: '2024-02-30' is not a date (write dates as yyyy-MM-dd)", Assert.Single(result.Problems).ToString());
        Assert.Equal("Nothing imported: 1 of 3 rows rejected.", result.Summary);
        Assert.Equal(0, await services.QueryAsync(db => db.People.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Valid_rows_only_writes_the_good_rows_and_reports_the_others(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(Csv(Row("Ann"), Row("Bob", start: "2024-02-30"), Row("Cat")), ImportMode.ValidRowsOnly);

        Assert.False(result.Refused);
        Assert.Equal((2, 2, 1), (result.PeopleCreated, result.EngagementsAdded, result.RowsRejected));
        Assert.Single(result.Problems);
        Assert.Equal("2 people created, 0 matched existing people, 2 engagements added, 0 duplicates skipped, 1 rows rejected.", result.Summary);
        Assert.Equal(["Ann", "Cat"], await services.QueryAsync(db => db.People.OrderBy(p => p.GivenName).Select(p => p.GivenName).ToListAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_rows_with_the_same_email_but_different_names_reject_the_second(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(Csv(
            $"Ann,Jones,shared@riverside.example,,Researcher,,,,Employed,{Hospital},Research manager,0.5,2024-01-01,",
            $"Anne,Smith,SHARED@riverside.example,,Researcher,,,,Seconded,{University},Research fellow,0.5,2024-06-01,"));

        Assert.Equal(1, result.RowsRejected);
        Assert.Equal(
            [
                "line 3, column given_name: line 2 has e-mail shared@riverside.example for Ann Jones; one e-mail address or registration number belongs to one person",
                "line 3, column family_name: line 2 has e-mail shared@riverside.example for Ann Jones; one e-mail address or registration number belongs to one person",
            ],
            result.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await services.QueryAsync(db => db.People.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_engagement_twice_in_one_file_is_added_once(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(Csv(Row("Ann"), Row("Ann"), Row("Ann", start: "2020-01-01")));

        Assert.Empty(result.Problems);
        Assert.Equal((1, 2, 1), (result.PeopleCreated, result.EngagementsAdded, result.DuplicatesSkipped));
        Assert.Equal(2, await services.QueryAsync(db => db.Engagements.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_a_byte_order_mark_and_crlf_line_endings_imports(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);
        var text = Csv(Row("Ann"), $"Bob,Jones,bob.jones@riverside.example,,Researcher,,,,Employed,{Hospital},\"Research manager,\r\nsecond line\",0.5,2024-01-01,", Row("Cat", start: "2024-13-01"))
            .Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal);
        byte[] bytes = [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text)];

        var result = await services.ImportAsync(bytes, ImportMode.ValidRowsOnly);

        // The header is read despite the byte order mark, and line numbers count the line break inside the quoted title.
        Assert.Equal("line 5, column start_date: '2024-13-01' is not a date (write dates as yyyy-MM-dd)", Assert.Single(result.Problems).ToString());
        Assert.Equal(2, result.PeopleCreated);
        var titles = await services.QueryAsync(db => db.Engagements.OrderBy(e => e.RoleTitle).Select(e => e.RoleTitle).ToListAsync());
        Assert.Equal(["Research manager", "Research manager,\r\nsecond line"], titles);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_only_a_header_imports_nothing_and_is_no_error(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(Header + "\r\n");

        Assert.Empty(result.Problems);
        Assert.False(result.Refused);
        Assert.Equal((0, 0, 0), (result.RowsRead, result.PeopleCreated, result.EngagementsAdded));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_person_without_engagements_round_trips_as_a_row_with_empty_engagement_columns(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);

        var result = await services.ImportAsync(Csv("Zoe,Quinn,zoe.quinn@riverside.example,,Designer,,,,,,,,,"));

        Assert.Empty(result.Problems);
        Assert.Equal((1, 0), (result.PeopleCreated, result.EngagementsAdded));
        Assert.Equal(1, await services.QueryAsync(db => db.People.CountAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Columns_may_come_in_any_order_and_case(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);
        var csv = "START_DATE,given_name,family_name,email,phone,discipline,profession,registration_body,registration_number,engagement_type,organisation,role_title,fte, End_Date \n"
            + $"2024-01-01,Ann,Jones,ann@riverside.example,,Researcher,,,,Employed,{Hospital},,0.5,\n";

        var result = await services.ImportAsync(csv);

        Assert.Empty(result.Problems);
        Assert.Equal(new DateOnly(2024, 1, 1), await services.QueryAsync(db => db.Engagements.Select(e => e.StartDate).SingleAsync()));
    }
}
