using Firely.Fhir.Validation;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using LearningHealth.Demo;
using LearningHealth.Initiatives;
using LearningHealth.Teams;
using LearningHealth.Teams.Fhir;
using LearningHealth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using R4 = Hl7.Fhir.Model;

namespace LearningHealth.Tests.Teams;

/// <summary>The demo organisation, seeded once per provider, and its FHIR export, for the FHIR tests.</summary>
public sealed class DemoFhirExports : IAsyncLifetime
{
    private readonly Dictionary<string, Task<DemoFhirExport>> exports = [];
    private readonly Lock gate = new();

    public Task<DemoFhirExport> ForAsync(string provider)
    {
        TestDatabase.SkipUnlessAvailable(provider);
        lock (gate)
        {
            if (!exports.TryGetValue(provider, out var export))
            {
                export = DemoFhirExport.CreateAsync(provider);
                exports[provider] = export;
            }

            return export;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var export in exports.Values)
        {
            if (export.IsCompletedSuccessfully)
            {
                await export.Result.Services.DisposeAsync();
            }
        }
    }
}

public sealed record DemoFhirExport(TeamServices Services, string Json, R4.Bundle Bundle, List<Person> People, List<Initiative> Initiatives, List<Organisation> Organisations)
{
    public static async Task<DemoFhirExport> CreateAsync(string provider)
    {
        var services = await TeamServices.CreateAsync(provider);
        await services.RunAsync<SeedDemoOrganisation, DemoSeedResult>(seed => seed.HandleAsync());
        var bundle = await services.RunAsync<ExportTeamToFhir, R4.Bundle>(export => export.HandleAsync());
        var json = ExportTeamToFhir.ToJson(bundle);
        var (people, initiatives, organisations) = await services.QueryAsync(async db => (
            await db.People.AsNoTracking().Include(p => p.Engagements).ToListAsync(),
            await db.Initiatives.AsNoTracking().Include(i => i.Members).ToListAsync(),
            await db.Organisations.AsNoTracking().ToListAsync()));
        return new DemoFhirExport(services, json, new FhirJsonDeserializer().Deserialize<R4.Bundle>(json), people, initiatives, organisations);
    }

    public IEnumerable<T> Resources<T>()
        where T : R4.Resource => Bundle.Entry.Select(e => e.Resource).OfType<T>();
}

public sealed class ExportTeamToFhirTests(DemoFhirExports exports, ITestOutputHelper output) : IClassFixture<DemoFhirExports>
{
    /// <summary>
    /// Firely's validator for R4 with the base specification (profiles, value sets and invariants) from the
    /// specification.zip that Hl7.Fhir.Specification.Data.R4 ships. No terminology server: codes are checked
    /// against the value sets of the specification itself.
    /// </summary>
    private static readonly Lazy<Validator> BaseValidator = new(() =>
    {
        var specification = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(specification, new LocalTerminologyService(specification));
    });

    private static IEnumerable<R4.Base> Descendants(R4.Base element)
    {
        foreach (var (_, value) in element.EnumerateElements())
        {
            IEnumerable<R4.Base> children = value switch
            {
                R4.Base child => [child],
                IEnumerable<R4.Base> list => list,
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
                foreach (var descendant in Descendants(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_bundle_parses_back_and_is_valid_against_the_base_specification(string provider)
    {
        var export = await exports.ForAsync(provider);

        var outcome = BaseValidator.Value.Validate(export.Bundle);

        foreach (var issue in outcome.Issue)
        {
            output.WriteLine(Describe(issue));
        }

        Assert.Empty(Errors(outcome));
        Assert.Equal(R4.Bundle.BundleType.Collection, export.Bundle.Type);
        Assert.Equal(export.Organisations.Count, export.Resources<R4.Organization>().Count());
        Assert.Equal(export.People.Count, export.Resources<R4.Practitioner>().Count());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(export.People.Sum(p => p.Engagements.Count(e => e.IsCurrentOn(today))), export.Resources<R4.PractitionerRole>().Count());
    }

    [Fact]
    public void The_validator_finds_a_missing_required_element_and_a_broken_invariant()
    {
        var broken = new R4.Bundle
        {
            Entry = [new R4.Bundle.EntryComponent { FullUrl = "urn:uuid:5d0f7a4e-8f0e-4a55-9d83-7f1f8f0c2a11", Resource = new R4.Practitioner { Id = "5d0f7a4e-8f0e-4a55-9d83-7f1f8f0c2a11", Telecom = [new R4.ContactPoint { Value = "0161 496 0000" }] } }],
        };

        var errors = Errors(BaseValidator.Value.Validate(broken));
        errors.ForEach(output.WriteLine);

        Assert.Contains(errors, e => e.Contains("Missing required member: 'type'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("cpt-2", StringComparison.Ordinal));
    }

    private static string Describe(R4.OperationOutcome.IssueComponent issue) =>
        $"{issue.Severity} {string.Join(",", issue.Expression)}: {issue.Details?.Text ?? issue.Diagnostics}";

    private static List<string> Errors(R4.OperationOutcome outcome) => outcome.Issue
        .Where(i => i.Severity is R4.OperationOutcome.IssueSeverity.Error or R4.OperationOutcome.IssueSeverity.Fatal)
        .Select(Describe)
        .ToList();

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_reference_points_to_an_entry_of_the_bundle_and_ids_are_the_entities_ids(string provider)
    {
        var export = await exports.ForAsync(provider);
        var fullUrls = export.Bundle.Entry.Select(e => e.FullUrl).ToHashSet(StringComparer.Ordinal);

        var references = export.Bundle.Entry.SelectMany(e => Descendants(e.Resource!).OfType<R4.ResourceReference>()).Where(r => r.Reference is not null).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r.Reference!, fullUrls));
        Assert.All(export.Bundle.Entry, e => Assert.Equal($"urn:uuid:{e.Resource!.Id}", e.FullUrl));
        Assert.Equal(export.People.Select(p => p.Id.ToString()).Order(StringComparer.Ordinal), export.Resources<R4.Practitioner>().Select(p => p.Id).Order(StringComparer.Ordinal));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_initiative_is_a_care_team_with_a_participant_per_member(string provider)
    {
        var export = await exports.ForAsync(provider);
        var host = export.Organisations.Single(o => o.Kind == OrganisationKind.Host);

        var careTeams = export.Resources<R4.CareTeam>().ToDictionary(c => c.Id!);

        Assert.Equal(export.Initiatives.Count, careTeams.Count);
        foreach (var initiative in export.Initiatives)
        {
            var careTeam = careTeams[initiative.Id.ToString()];
            Assert.Equal(initiative.Title, careTeam.Name);
            Assert.Equal(initiative.Members.Count, careTeam.Participant.Count);
            Assert.Equal(initiative.Members.Count(m => m.IsLead), careTeam.Participant.Count(p => p.Role.Any(r => r.Text == "Initiative lead")));
            Assert.Equal($"urn:uuid:{host.Id}", Assert.Single(careTeam.ManagingOrganization).Reference);
            Assert.Equal(initiative.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), careTeam.Period?.Start);
            Assert.Equal(initiative.Status switch
            {
                InitiativeStatus.Proposed => R4.CareTeam.CareTeamStatus.Proposed,
                InitiativeStatus.Active => R4.CareTeam.CareTeamStatus.Active,
                InitiativeStatus.Paused => R4.CareTeam.CareTeamStatus.Suspended,
                _ => R4.CareTeam.CareTeamStatus.Inactive,
            }, careTeam.Status);
        }

        // Members with a current engagement are referred to in that role.
        var roles = export.Resources<R4.PractitionerRole>().Select(r => $"urn:uuid:{r.Id}").ToHashSet(StringComparer.Ordinal);
        Assert.Contains(careTeams.Values.SelectMany(c => c.Participant), p => roles.Contains(p.Member!.Reference!));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Clinicians_carry_their_registration_in_the_system_of_their_register(string provider)
    {
        var export = await exports.ForAsync(provider);
        var practitioners = export.Resources<R4.Practitioner>().ToDictionary(p => p.Id!);

        foreach (var clinician in export.People.Where(p => p.RegistrationNumber is not null))
        {
            var identifier = Assert.Single(practitioners[clinician.Id.ToString()].Identifier);
            var expected = clinician.RegistrationBody switch
            {
                "GMC" => "https://fhir.hl7.org.uk/Id/gmc-number",
                "NMC" => "https://fhir.hl7.org.uk/Id/nmc-number",
                "HCPC" => "https://fhir.hl7.org.uk/Id/hcpc-number",
                "GPhC" => "https://fhir.hl7.org.uk/Id/gphc-number",
                var body => $"{FhirSystems.LearningHealthBase}/Id/registration/{body!.ToLowerInvariant()}",
            };
            Assert.Equal((expected, clinician.RegistrationNumber), (identifier.System, identifier.Value));
        }

        Assert.Contains(export.People, p => p.RegistrationBody == "GDC");
        var someone = export.People.First(p => p.Email is not null);
        var practitioner = practitioners[someone.Id.ToString()];
        Assert.Equal((someone.FamilyName, someone.GivenName), (practitioner.Name[0].Family, practitioner.Name[0].Given.Single()));
        Assert.Contains(practitioner.Telecom, t => t.System == R4.ContactPoint.ContactPointSystem.Email && t.Value == someone.Email);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Patient_partners_are_practitioners_whose_role_says_patient_partner(string provider)
    {
        var export = await exports.ForAsync(provider);
        var partners = export.People.Where(p => p.Discipline == DisciplineGroup.PatientsAndPublic).Select(p => $"urn:uuid:{p.Id}").ToHashSet(StringComparer.Ordinal);

        var partnerRoles = export.Resources<R4.PractitionerRole>().Where(r => partners.Contains(r.Practitioner!.Reference!)).ToList();

        Assert.NotEmpty(partnerRoles);
        Assert.All(partnerRoles, r => Assert.Equal("Patient partner", r.Code[0].Text));
        Assert.Empty(export.Resources<R4.RelatedPerson>());
        Assert.Empty(export.Resources<R4.Patient>());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Organisations_carry_their_ods_code_and_kind(string provider)
    {
        var export = await exports.ForAsync(provider);
        var organizations = export.Resources<R4.Organization>().ToDictionary(o => o.Id!);

        foreach (var organisation in export.Organisations)
        {
            var organization = organizations[organisation.Id.ToString()];
            Assert.Equal(organisation.Name, organization.Name);
            Assert.Equal(organisation.OdsCode is null ? [] : [(FhirSystems.OdsOrganisationCode, organisation.OdsCode)], organization.Identifier.Select(i => (i.System, i.Value)));
            Assert.Contains(organization.Type.Single().Coding, c => c.System == FhirSystems.OrganisationKind && c.Code == organisation.Kind.ToString());
        }

        Assert.Equal("prov", organizations[export.Organisations.Single(o => o.Kind == OrganisationKind.Host).Id.ToString()].Type[0].Coding[0].Code);
    }
}
