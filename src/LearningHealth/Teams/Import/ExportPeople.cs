using CsvHelper;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams.Import;

/// <summary>
/// Writes the team as CSV in the format <see cref="ImportPeople"/> reads: one row per engagement, past ones included
/// so that history survives a round trip, and one row with empty engagement columns for someone without any.
/// Categories are written as their plain-English labels. Rows are in a fixed order (name, e-mail, then start date),
/// sorted in memory so that SQLite and PostgreSQL give the same file.
/// </summary>
public sealed class ExportPeople(AppDbContext db)
{
    /// <summary>Writes UTF-8 without a byte order mark. Returns the number of rows written, the header not counted.</summary>
    public async Task<int> HandleAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = CsvWriter.Create(output, WriterOptions, leaveOpen: true);
        return await WriteAsync(writer, cancellationToken);
    }

    public async Task<int> HandleAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var writer = CsvWriter.Create(output, WriterOptions, leaveOpen: true);
        return await WriteAsync(writer, cancellationToken);
    }

    /// <summary>
    /// A value that a spreadsheet would run as a formula (starting with = + - @) gets an apostrophe in front, which
    /// the spreadsheet shows as text and <see cref="TeamCsv.Unprotect"/> takes off on import.
    /// </summary>
    private static readonly CsvWriterOptions WriterOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    private async Task<int> WriteAsync(CsvWriter writer, CancellationToken cancellationToken)
    {
        var people = await db.People.AsNoTracking()
            .Select(p => new
            {
                p.GivenName,
                p.FamilyName,
                p.Email,
                p.Phone,
                p.Discipline,
                p.Profession,
                p.RegistrationBody,
                p.RegistrationNumber,
                Engagements = p.Engagements.Select(e => new { e.Type, Organisation = e.Organisation!.Name, e.RoleTitle, e.Fte, e.StartDate, e.EndDate }).ToList(),
            })
            .ToListAsync(cancellationToken);

        writer.WriteHeader([.. TeamCsv.Columns]);
        var rows = 0;
        foreach (var person in people
            .OrderBy(p => p.FamilyName, StringComparer.Ordinal)
            .ThenBy(p => p.GivenName, StringComparer.Ordinal)
            .ThenBy(p => p.Email ?? "", StringComparer.Ordinal)
            .ThenBy(p => p.RegistrationNumber ?? "", StringComparer.Ordinal))
        {
            string[] personFields =
            [
                person.GivenName,
                person.FamilyName,
                person.Email ?? "",
                person.Phone ?? "",
                TeamLabels.Label(person.Discipline),
                person.Profession is { } profession ? TeamLabels.Label(profession) : "",
                person.RegistrationBody ?? "",
                person.RegistrationNumber ?? "",
            ];

            if (person.Engagements.Count == 0)
            {
                await writer.WriteRecordAsync([.. personFields, "", "", "", "", "", ""], cancellationToken);
                rows++;
                continue;
            }

            foreach (var engagement in person.Engagements
                .OrderBy(e => e.StartDate)
                .ThenBy(e => e.Type)
                .ThenBy(e => e.Organisation, StringComparer.Ordinal)
                .ThenBy(e => e.RoleTitle ?? "", StringComparer.Ordinal)
                .ThenBy(e => e.EndDate ?? DateOnly.MaxValue)
                .ThenBy(e => e.Fte))
            {
                await writer.WriteRecordAsync(
                [
                    .. personFields,
                    TeamLabels.Label(engagement.Type),
                    engagement.Organisation,
                    engagement.RoleTitle ?? "",
                    TeamCsv.FormatFte(engagement.Fte),
                    TeamCsv.FormatDate(engagement.StartDate),
                    engagement.EndDate is { } end ? TeamCsv.FormatDate(end) : "",
                ], cancellationToken);
                rows++;
            }
        }

        await writer.FlushAsync(cancellationToken);
        return rows;
    }
}
