using Hl7.Fhir.Serialization;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace LearningHealth.Teams.Fhir;

/// <summary>
/// Exports the team as a FHIR R4 <c>Bundle</c> of type <c>collection</c>, for a directory, a regional workforce
/// system or a FHIR server: an <c>Organization</c> per organisation, a <c>Practitioner</c> per person, a
/// <c>PractitionerRole</c> per current engagement and a <c>CareTeam</c> per initiative. Resource ids are the
/// entities' ids, so exporting again gives the same ids; entries are addressed as <c>urn:uuid:</c> and refer to
/// one another that way. No extensions are used, so any R4 server can read the result.
/// <para>
/// Everyone, patient partners included, is a <c>Practitioner</c>. R4 defines Practitioner as "a person who is
/// directly or indirectly involved in the provisioning of healthcare", which covers analysts, designers and
/// platform-provider staff as much as clinicians. A patient partner here works on the service, not as someone's
/// relative or carer: <c>RelatedPerson</c> needs the <c>Patient</c> they are related to, which a patient partner
/// does not have, and <c>Patient</c> would wrongly make them a recipient of care in the receiving system. Their
/// <c>PractitionerRole.code</c> says "Patient partner", so a receiver can tell them apart.
/// </para>
/// </summary>
public sealed class ExportTeamToFhir(AppDbContext db, TimeProvider clock)
{
    public async Task<R4.Bundle> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var organisations = await db.Organisations.AsNoTracking().ToListAsync(cancellationToken);
        var people = await db.People.AsNoTracking().Include(p => p.Engagements).ToListAsync(cancellationToken);
        var initiatives = await db.Initiatives.AsNoTracking().Include(i => i.Members).ToListAsync(cancellationToken);
        var organisationsById = organisations.ToDictionary(o => o.Id);

        var bundle = new R4.Bundle { Type = R4.Bundle.BundleType.Collection, Timestamp = now };
        foreach (var organisation in organisations.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            Add(bundle, organisation.Id, ToOrganization(organisation));
        }

        // The role each person is referred to by from an initiative's team: their largest current engagement.
        var mainRole = new Dictionary<Guid, Guid>();
        var orderedPeople = people.OrderBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.GivenName, StringComparer.Ordinal).ThenBy(p => p.Id).ToList();
        foreach (var person in orderedPeople)
        {
            var current = person.Engagements.Where(e => e.IsCurrentOn(today)).OrderByDescending(e => e.Fte).ThenBy(e => e.StartDate).ThenBy(e => e.Id).ToList();
            Add(bundle, person.Id, ToPractitioner(person, active: current.Count > 0));
            if (current.Count > 0)
            {
                mainRole[person.Id] = current[0].Id;
            }
        }

        foreach (var person in orderedPeople)
        {
            foreach (var engagement in person.Engagements.Where(e => e.IsCurrentOn(today)).OrderBy(e => e.StartDate).ThenBy(e => e.Id))
            {
                Add(bundle, engagement.Id, ToPractitionerRole(person, engagement, organisationsById[engagement.OrganisationId]));
            }
        }

        var host = organisations.Where(o => o.Kind == OrganisationKind.Host).OrderBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault();
        var peopleById = people.ToDictionary(p => p.Id);
        foreach (var initiative in initiatives.OrderBy(i => i.Title, StringComparer.Ordinal).ThenBy(i => i.Id))
        {
            Add(bundle, initiative.Id, ToCareTeam(initiative, host, peopleById, mainRole));
        }

        return bundle;
    }

    /// <summary>The bundle as indented FHIR JSON.</summary>
    public static string ToJson(R4.Bundle bundle) => bundle.ToJson(pretty: true);

    private static void Add(R4.Bundle bundle, Guid id, R4.Resource resource)
    {
        resource.Id = id.ToString();
        bundle.Entry.Add(new R4.Bundle.EntryComponent { FullUrl = Url(id), Resource = resource });
    }

    private static string Url(Guid id) => $"urn:uuid:{id}";

    private static R4.ResourceReference Reference(Guid id, string display) => new(Url(id), display);

    private static R4.Organization ToOrganization(Organisation organisation)
    {
        var (code, display) = FhirSystems.OrganisationTypeOf(organisation.Kind);
        var resource = new R4.Organization
        {
            Active = true,
            Name = organisation.Name,
            Type =
            [
                new R4.CodeableConcept
                {
                    Coding =
                    [
                        new R4.Coding(FhirSystems.OrganisationType, code, display),
                        new R4.Coding(FhirSystems.OrganisationKind, organisation.Kind.ToString(), TeamLabels.Label(organisation.Kind)),
                    ],
                    Text = TeamLabels.Label(organisation.Kind),
                },
            ],
        };
        if (!string.IsNullOrWhiteSpace(organisation.OdsCode))
        {
            resource.Identifier.Add(new R4.Identifier(FhirSystems.OdsOrganisationCode, organisation.OdsCode.Trim()) { Use = R4.Identifier.IdentifierUse.Official });
        }

        return resource;
    }

    private static R4.Practitioner ToPractitioner(Person person, bool active)
    {
        var resource = new R4.Practitioner
        {
            Active = active,
            Name = [new R4.HumanName { Use = R4.HumanName.NameUse.Official, Family = person.FamilyName, Given = [person.GivenName], Text = person.DisplayName }],
        };

        if (!string.IsNullOrWhiteSpace(person.Email))
        {
            resource.Telecom.Add(new R4.ContactPoint(R4.ContactPoint.ContactPointSystem.Email, R4.ContactPoint.ContactPointUse.Work, person.Email));
        }

        if (!string.IsNullOrWhiteSpace(person.Phone))
        {
            resource.Telecom.Add(new R4.ContactPoint(R4.ContactPoint.ContactPointSystem.Phone, R4.ContactPoint.ContactPointUse.Work, person.Phone));
        }

        if (!string.IsNullOrWhiteSpace(person.RegistrationNumber))
        {
            var registration = new R4.Identifier(FhirSystems.Registration(person.RegistrationBody), person.RegistrationNumber.Trim()) { Use = R4.Identifier.IdentifierUse.Official };
            resource.Identifier.Add(registration);

            // The registration as a qualification too, with the register as its issuer, so a reader sees what it licenses.
            var profession = person.Profession is { } p ? TeamLabels.Label(p) : "Registered professional";
            resource.Qualification.Add(new R4.Practitioner.QualificationComponent
            {
                Identifier = [new R4.Identifier(registration.System, registration.Value)],
                Code = person.Profession is { } known
                    ? new R4.CodeableConcept(FhirSystems.ClinicalProfession, known.ToString(), TeamLabels.Label(known), profession)
                    : new R4.CodeableConcept { Text = profession },
                Issuer = string.IsNullOrWhiteSpace(person.RegistrationBody) ? null : new R4.ResourceReference { Display = person.RegistrationBody.Trim() },
            });
        }

        return resource;
    }

    private static R4.PractitionerRole ToPractitionerRole(Person person, Engagement engagement, Organisation organisation)
    {
        var resource = new R4.PractitionerRole
        {
            Active = true,
            Period = Period(engagement.StartDate, engagement.EndDate),
            Practitioner = Reference(person.Id, person.DisplayName),
            Organization = Reference(organisation.Id, organisation.Name),
            Code = [Discipline(person.Discipline)],
        };
        if (!string.IsNullOrWhiteSpace(engagement.RoleTitle))
        {
            resource.Code.Add(new R4.CodeableConcept { Text = engagement.RoleTitle });
        }

        return resource;
    }

    private static R4.CareTeam ToCareTeam(Initiative initiative, Organisation? host, Dictionary<Guid, Person> people, Dictionary<Guid, Guid> mainRole)
    {
        var resource = new R4.CareTeam
        {
            Status = initiative.Status switch
            {
                InitiativeStatus.Proposed => R4.CareTeam.CareTeamStatus.Proposed,
                InitiativeStatus.Active => R4.CareTeam.CareTeamStatus.Active,
                InitiativeStatus.Paused => R4.CareTeam.CareTeamStatus.Suspended,
                _ => R4.CareTeam.CareTeamStatus.Inactive,
            },
            Category = [new R4.CodeableConcept { Text = "Learning Health System initiative" }],
            Name = initiative.Title,
            Period = Period(initiative.StartDate, initiative.EndDate),
        };

        if (host is not null)
        {
            resource.ManagingOrganization.Add(Reference(host.Id, host.Name));
        }

        foreach (var member in initiative.Members
            .Where(m => people.ContainsKey(m.PersonId))
            .OrderByDescending(m => m.IsLead).ThenBy(m => people[m.PersonId].FamilyName, StringComparer.Ordinal).ThenBy(m => people[m.PersonId].GivenName, StringComparer.Ordinal))
        {
            var person = people[member.PersonId];
            var participant = new R4.CareTeam.ParticipantComponent
            {
                Role = [Discipline(member.Group)],
                // A member with a current engagement is referred to in that role (which names their organisation), anyone else as the person.
                Member = mainRole.TryGetValue(person.Id, out var role) ? Reference(role, person.DisplayName) : Reference(person.Id, person.DisplayName),
            };
            if (member.IsLead)
            {
                participant.Role.Add(new R4.CodeableConcept(FhirSystems.InitiativeRole, "lead", "Initiative lead", "Initiative lead"));
            }

            if (member.StartDate is not null || member.EndDate is not null)
            {
                participant.Period = new R4.Period
                {
                    Start = member.StartDate is { } start ? TeamDate(start) : null,
                    End = member.EndDate is { } end ? TeamDate(end) : null,
                };
            }

            resource.Participant.Add(participant);
        }

        return resource;
    }

    /// <summary>A discipline group as a code, with "Patient partner" as the text for the patients and public, as the team calls them.</summary>
    private static R4.CodeableConcept Discipline(DisciplineGroup group) => new(
        FhirSystems.DisciplineGroup,
        group.ToString(),
        TeamLabels.Label(group),
        group == DisciplineGroup.PatientsAndPublic ? "Patient partner" : TeamLabels.Label(group));

    private static R4.Period Period(DateOnly start, DateOnly? end) => new()
    {
        Start = TeamDate(start),
        End = end is { } e ? TeamDate(e) : null,
    };

    private static string TeamDate(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
