using System.Diagnostics;
using System.Globalization;
using System.Text;
using LearningHealth.Teams.Import;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static LearningHealth.Tests.Teams.ImportFiles;

namespace LearningHealth.Tests.Teams;

/// <summary>
/// A file of 10,000 rows: 8,000 people, the first 2,000 with two engagements. The times are written to the test
/// output (run with <c>--logger "console;verbosity=detailed"</c>) for docs/team-import.md; only the counts are asserted.
/// </summary>
public sealed class ImportLargeFileTests(ITestOutputHelper output)
{
    public const int Rows = 10_000;
    private const int People = 8_000;

    public static string LargeFile()
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < People; i++)
        {
            var clinician = i % 4 == 0;
            var person = string.Create(CultureInfo.InvariantCulture,
                $"Given{i},Family{i},person{i}@riverside.example,0161 496 {i % 10000:0000},{(clinician ? "Clinician,Nursing,NMC," + (100000 + i) : "Researcher,,,")}");
            csv.Append(CultureInfo.InvariantCulture, $"{person},Employed,{Hospital},Role {i % 7},0.5,2024-01-{1 + i % 28:00},\n");
            if (i < Rows - People)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{person},Seconded,{University},Secondment,0.2,2022-03-01,2023-02-28\n");
            }
        }

        return csv.ToString();
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_of_ten_thousand_rows_imports_and_then_adds_nothing_when_imported_again(string provider)
    {
        await using var services = await WithOrganisationsAsync(provider);
        var csv = LargeFile();

        var clock = Stopwatch.StartNew();
        var first = await services.ImportAsync(csv);
        var firstTime = clock.Elapsed;
        clock.Restart();
        var again = await services.ImportAsync(csv);
        var againTime = clock.Elapsed;
        output.WriteLine($"{provider}: {Rows} rows imported in {firstTime.TotalSeconds:0.00} s; imported again (nothing to add) in {againTime.TotalSeconds:0.00} s");

        Assert.Empty(first.Problems);
        Assert.Equal((Rows, People, 0, Rows, 0), (first.RowsRead, first.PeopleCreated, first.PeopleMatched, first.EngagementsAdded, first.DuplicatesSkipped));
        Assert.Empty(again.Problems);
        Assert.Equal((0, People, 0, Rows), (again.PeopleCreated, again.PeopleMatched, again.EngagementsAdded, again.DuplicatesSkipped));
        Assert.Equal((People, Rows), await services.QueryAsync(async db => (await db.People.CountAsync(), await db.Engagements.CountAsync())));
    }
}
