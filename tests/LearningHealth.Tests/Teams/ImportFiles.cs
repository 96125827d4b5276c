using LearningHealth.Teams;
using LearningHealth.Teams.Import;

namespace LearningHealth.Tests.Teams;

/// <summary>Organisations and CSV files for the import tests.</summary>
internal static class ImportFiles
{
    public const string Header = "given_name,family_name,email,phone,discipline,profession,registration_body,registration_number,engagement_type,organisation,role_title,fte,start_date,end_date";
    public const string Hospital = "Riverside Hospital NHS Trust";
    public const string University = "University of Riverside";
    public const string Vendor = "Acme Health Data Ltd";

    /// <summary>A file of the given rows under the header, lines ending in LF.</summary>
    public static string Csv(params string[] rows) => string.Join('\n', [Header, .. rows]) + "\n";

    /// <summary>A valid row for someone employed by the hospital; <paramref name="given"/> also makes the e-mail address.</summary>
    public static string Row(string given, string family = "Jones", string start = "2024-01-01") =>
        $"{given},{family},{given.ToLowerInvariant()}.{family.ToLowerInvariant()}@riverside.example,,Researcher,,,,Employed,{Hospital},Research manager,0.5,{start},";

    public static async Task<TeamServices> WithOrganisationsAsync(string provider)
    {
        var services = await TeamServices.CreateAsync(provider);
        await services.AddOrganisationsAsync(
            new Organisation { Name = Hospital, Kind = OrganisationKind.Host, OdsCode = "RZZ" },
            new Organisation { Name = University, Kind = OrganisationKind.University },
            new Organisation { Name = Vendor, Kind = OrganisationKind.PlatformProvider });
        return services;
    }

    public static Task<ImportResult> ImportAsync(this TeamServices services, string csv, ImportMode mode = ImportMode.AllOrNothing) =>
        services.RunAsync<ImportPeople, ImportResult>(import => import.HandleAsync(new StringReader(csv), mode));

    public static Task<ImportResult> ImportAsync(this TeamServices services, byte[] csv, ImportMode mode = ImportMode.AllOrNothing) =>
        services.RunAsync<ImportPeople, ImportResult>(import => import.HandleAsync(new MemoryStream(csv), mode));
}
