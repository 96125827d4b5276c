using LearningHealth.Identity;
using LearningHealth.Initiatives;
using LearningHealth.Persistence;
using LearningHealth.Skills;
using LearningHealth.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Demo;

public sealed record DemoSeedResult(bool Created, int People, IReadOnlyList<DemoCredential> Accounts);

/// <summary>
/// Creates the demo organisation: an NHS-like trust with a partner university, a partner trust, a platform provider
/// and a consultancy, about sixty people across every discipline group and engagement type, and one account per role.
/// Everything is generated in code from a seed, so a fresh clone needs nothing downloaded and the same seed gives the
/// same organisation. Running it again adds nothing twice; it only gives the demo accounts new passwords.
/// </summary>
public sealed class SeedDemoOrganisation(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public const string HostName = "Northfield Teaching Hospitals NHS Foundation Trust";
    public const string DemoEmailDomain = "northfield.example";
    public const int DefaultSeed = 20261127;
    /// <summary>The role title of the demo clinician: a consultant who leads the antibiotic-prescribing initiative.</summary>
    public const string ClinicalLeadTitle = "Consultant physician and clinical lead";

    private static readonly string[] GivenNames =
    [
        "Amara", "Ben", "Chloe", "Dev", "Eleanor", "Farid", "Grace", "Hamish", "Isla", "Jonah", "Kiran", "Lena", "Marcus", "Niamh",
        "Oluwaseun", "Priya", "Quentin", "Rosa", "Samir", "Tessa", "Umar", "Violet", "Wei", "Xander", "Yasmin", "Zach", "Ana", "Bilal",
        "Carys", "Dominic", "Esme", "Finn", "Gita", "Harriet", "Ifeoma", "Jack", "Keisha", "Liam", "Maya", "Nathan",
    ];

    private static readonly string[] FamilyNames =
    [
        "Adeyemi", "Barnes", "Chowdhury", "Davies", "Evans", "Fraser", "Gallagher", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
        "Morgan", "Nowak", "O'Brien", "Patel", "Quinn", "Rahman", "Singh", "Thomas", "Usman", "Vaughan", "Williams", "Xu", "Young",
        "Zielinski", "Ahmed", "Bennett", "Campbell", "Doyle", "Ellis", "Foster", "Green", "Hall", "Ibrahim", "Jackson", "Kaur", "Lloyd",
    ];

    /// <summary>How the demo's 60 people split across discipline groups, weighted towards clinicians as in a real trust.</summary>
    private static readonly (DisciplineGroup Group, int Count)[] Mix =
    [
        (DisciplineGroup.PatientsAndPublic, 6),
        (DisciplineGroup.Clinician, 20),
        (DisciplineGroup.Researcher, 6),
        (DisciplineGroup.Designer, 3),
        (DisciplineGroup.Strategy, 4),
        (DisciplineGroup.OperationalDelivery, 5),
        (DisciplineGroup.InformationAnalyst, 8),
        (DisciplineGroup.DigitalAndInformatics, 5),
        (DisciplineGroup.OtherSupport, 3),
    ];

    private static readonly (ClinicalProfession Profession, string Body)[] Professions =
    [
        (ClinicalProfession.Medical, "GMC"), (ClinicalProfession.Nursing, "NMC"), (ClinicalProfession.Midwifery, "NMC"),
        (ClinicalProfession.AlliedHealth, "HCPC"), (ClinicalProfession.Pharmacy, "GPhC"), (ClinicalProfession.Dental, "GDC"),
        (ClinicalProfession.HealthcareScience, "HCPC"), (ClinicalProfession.Psychology, "HCPC"), (ClinicalProfession.Other, "HCPC"),
    ];

    /// <summary>Which person holds each demo account: the first (by name) whose current role has this title.</summary>
    private static readonly (string Role, string RoleTitle)[] DemoAccounts =
    [
        (Roles.Admin, "Clinical informatician"),
        (Roles.Lead, "LHS programme director"),
        (Roles.Analyst, "Information analyst"),
        (Roles.Clinician, ClinicalLeadTitle),
        (Roles.Member, "Programme manager"),
        (Roles.PatientPartner, "Patient partner"),
        (Roles.WorkforcePlanner, "Workforce planning manager"),
    ];

    public async Task<DemoSeedResult> HandleAsync(int seed = DefaultSeed, CancellationToken cancellationToken = default)
    {
        var created = false;
        if (!await db.Organisations.AnyAsync(o => o.Name == HostName, cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var createdPeople = CreateOrganisationAndPeople(seed);
            await db.SaveChangesAsync(cancellationToken);
            await CreateLeadershipAndInitiativesAsync(createdPeople, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await CreateSkillsAsync(createdPeople, seed, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            created = true;
        }

        var accounts = await ResetDemoAccountsAsync(cancellationToken);
        var people = await db.People.CountAsync(cancellationToken);
        return new DemoSeedResult(created, people, accounts);
    }

    private List<Person> CreateOrganisationAndPeople(int seed)
    {
        var created = new List<Person>();
        var random = new Random(seed);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var host = new Organisation { Name = HostName, Kind = OrganisationKind.Host, OdsCode = "RX9" };
        var university = new Organisation { Name = "University of Northfield", Kind = OrganisationKind.University, OdsCode = "EX9U" };
        var partnerTrust = new Organisation { Name = "Eastbrook Community Health NHS Trust", Kind = OrganisationKind.PartnerTrust, OdsCode = "RY8" };
        var platform = new Organisation { Name = "Meridian Health Data Ltd", Kind = OrganisationKind.PlatformProvider };
        var consultancy = new Organisation { Name = "Carrow Analytics Consulting", Kind = OrganisationKind.Consultancy };
        db.Organisations.AddRange(host, university, partnerTrust, platform, consultancy);

        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var professionIndex = 0;
        foreach (var (group, count) in Mix)
        {
            for (var i = 0; i < count; i++)
            {
                string given, family;
                do
                {
                    given = GivenNames[random.Next(GivenNames.Length)];
                    family = FamilyNames[random.Next(FamilyNames.Length)];
                }
                while (!usedNames.Add($"{given} {family}"));

                var person = new Person
                {
                    GivenName = given,
                    FamilyName = family,
                    Discipline = group,
                    Email = $"{given}.{family}".ToLowerInvariant().Replace("'", "", StringComparison.Ordinal) + "@" + DemoEmailDomain,
                    Phone = $"0161 496 {random.Next(0, 10000):0000}",
                };
                if (group == DisciplineGroup.Clinician)
                {
                    var (profession, body) = Professions[professionIndex++ % Professions.Length];
                    person.Profession = profession;
                    person.RegistrationBody = body;
                    person.RegistrationNumber = random.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var (type, organisation, title) = EngagementFor(group, i, host, university, partnerTrust, platform, consultancy);
                var start = today.AddDays(-random.Next(60, 1500));
                DateOnly? end = type switch
                {
                    EngagementType.Employed or EngagementType.Volunteer => null,
                    // Every third fixed-term engagement ends within 90 days, so the demo has real leaving risks to show.
                    _ when i % 3 == 0 => today.AddDays(random.Next(10, 85)),
                    _ => today.AddDays(random.Next(120, 700)),
                };
                var fte = type == EngagementType.Volunteer ? 0.1m : Math.Round((decimal)(0.2 + random.NextDouble() * 0.8), 1);
                person.Engagements.Add(new Engagement { Type = type, Organisation = organisation, RoleTitle = title, Fte = fte, StartDate = start, EndDate = end });

                // Some people have a past engagement, kept as history.
                if (random.NextDouble() < 0.25)
                {
                    var pastEnd = start.AddDays(-1);
                    person.Engagements.Add(new Engagement
                    {
                        Type = EngagementType.Contractor,
                        Organisation = consultancy,
                        RoleTitle = title,
                        Fte = 0.5m,
                        StartDate = pastEnd.AddDays(-random.Next(90, 400)),
                        EndDate = pastEnd,
                    });
                }

                db.People.Add(person);
                created.Add(person);
            }
        }

        return created;
    }

    /// <summary>
    /// Programme leads for most groups (not all: a group without a lead is a risk the demo should show), a sponsor
    /// whose buy-in review is overdue, and initiatives of several natures of work with realistic gaps and risks.
    /// </summary>
    private async Task CreateLeadershipAndInitiativesAsync(List<Person> people, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var ordered = people.OrderBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.GivenName, StringComparer.Ordinal).ToList();
        Person Titled(string title, int skip = 0) => ordered.Where(p => p.Engagements.Any(e => e.RoleTitle == title && e.IsCurrentOn(today))).Skip(skip).First();
        Person InGroup(DisciplineGroup group, int skip = 0) => ordered.Where(p => p.Discipline == group).Skip(skip).First();
        Person Engaged(DisciplineGroup group, EngagementType type, Func<Engagement, bool>? also = null, int skip = 0) => ordered
            .Where(p => p.Discipline == group && p.Engagements.Any(e => e.Type == type && e.IsCurrentOn(today) && (also is null || also(e))))
            .Skip(skip).First();

        foreach (var (group, lead) in new[]
        {
            (DisciplineGroup.Clinician, Titled(ClinicalLeadTitle)),
            (DisciplineGroup.Strategy, Titled("LHS programme director")),
            (DisciplineGroup.InformationAnalyst, Titled("Information analyst")),
            (DisciplineGroup.DigitalAndInformatics, Titled("Clinical informatician")),
            (DisciplineGroup.Researcher, InGroup(DisciplineGroup.Researcher)),
            (DisciplineGroup.PatientsAndPublic, InGroup(DisciplineGroup.PatientsAndPublic)),
            (DisciplineGroup.OperationalDelivery, Titled("Programme manager")),
        })
        {
            db.ProgrammeLeads.Add(new ProgrammeLead { Group = group, PersonId = lead.Id });
        }

        db.Sponsorships.Add(new Sponsorship
        {
            SponsorName = "Dr Helen Marsh",
            SponsorTitle = "Chief Medical Officer",
            ApprovingBody = "Trust Board",
            ApprovedOn = today.AddMonths(-14),
            BuyIn = BuyInStatus.Supportive,
            ReviewDue = today.AddDays(-20),
        });

        var templates = await db.InitiativeTemplates.AsNoTracking().ToDictionaryAsync(t => t.Key, cancellationToken);
        Initiative FromTemplate(string key, string title, string aim, string question, InitiativeStatus status, DateOnly start, DateOnly? end)
        {
            var initiative = templates[key].NewInitiative(title, start, end, status == InitiativeStatus.Active ? GovernanceStatus.Approved : GovernanceStatus.Needed);
            initiative.Aim = aim;
            initiative.LearningQuestion = question;
            initiative.Status = status;
            db.Initiatives.Add(initiative);
            return initiative;
        }

        void Member(Initiative initiative, Person person, decimal fte, bool lead = false) =>
            initiative.Members.Add(new InitiativeMember { PersonId = person.Id, Group = person.Discipline, Fte = fte, IsLead = lead });

        // Audit and feedback: complete but for a patient partner, and its contract data scientist leaves within 90 days.
        var antibiotics = FromTemplate("audit-and-feedback", "Antibiotic prescribing for respiratory infections",
            "Reduce antibiotic prescribing for self-limiting respiratory tract infections to the regional median.",
            "Does monthly peer-compared feedback with an action plan reduce prescribing without more re-consultations?",
            InitiativeStatus.Active, today.AddMonths(-6), today.AddMonths(12));
        Member(antibiotics, Titled(ClinicalLeadTitle), 0.2m, lead: true);
        Member(antibiotics, InGroup(DisciplineGroup.Clinician, 1), 0.2m);
        Member(antibiotics, Engaged(DisciplineGroup.InformationAnalyst, EngagementType.Contractor, e => e.EndDate <= today.AddDays(90)), 0.5m);
        Member(antibiotics, Titled("Programme manager"), 0.2m);
        // The programme director co-leads it, and more of the clinicians take part: its team's named peer view.
        Member(antibiotics, Titled("LHS programme director"), 0.1m, lead: true);
        foreach (var taking in ordered.Where(p => p.Discipline == DisciplineGroup.Clinician && antibiotics.Members.All(m => m.PersonId != p.Id)).Skip(3).Take(6).ToList())
        {
            Member(antibiotics, taking, 0.05m);
        }

        antibiotics.EvaluationDesign = EvaluationDesign.BeforeAfterSpc;
        antibiotics.EvaluationIndicatorId = "rti-antibiotics";
        antibiotics.ChangeDate = new DateOnly(today.Year, today.Month, 1).AddMonths(-6);

        // Decision support: the build team is all one vendor's staff and has no digital lead.
        var sepsis = FromTemplate("clinical-decision-support", "Sepsis early warning in the emergency department",
            "Deploy a sepsis screening alert in the electronic record and make it clinically safe.",
            "Does the alert shorten time to antibiotics without adding alert fatigue?",
            InitiativeStatus.Active, today.AddMonths(-3), today.AddMonths(9));
        Member(sepsis, InGroup(DisciplineGroup.Clinician, 2), 0.2m, lead: true);
        Member(sepsis, InGroup(DisciplineGroup.Clinician, 3), 0.1m);
        Member(sepsis, Engaged(DisciplineGroup.DigitalAndInformatics, EngagementType.PlatformProviderStaff), 0.5m);
        Member(sepsis, Engaged(DisciplineGroup.DigitalAndInformatics, EngagementType.PlatformProviderStaff, skip: 1), 0.5m);
        Member(sepsis, Titled("Information analyst"), 0.3m);
        Member(sepsis, InGroup(DisciplineGroup.Designer), 0.3m);
        Member(sepsis, InGroup(DisciplineGroup.PatientsAndPublic, 1), 0.05m);

        // Predictive model: proposed, half-staffed: too few clinicians, no researcher.
        var readmission = FromTemplate("predictive-model", "Readmission risk prediction",
            "Predict 30-day emergency readmission at discharge so that follow-up goes to those who need it most.",
            "Does targeting follow-up by predicted risk reduce readmissions compared with usual care?",
            InitiativeStatus.Proposed, today.AddMonths(2), today.AddMonths(26));
        Member(readmission, Titled("Information analyst", 1), 0.8m, lead: true);
        Member(readmission, InGroup(DisciplineGroup.InformationAnalyst, 3), 0.5m);
        Member(readmission, InGroup(DisciplineGroup.Clinician, 4), 0.1m, lead: true);
        Member(readmission, Titled("Clinical informatician"), 0.3m);
        Member(readmission, InGroup(DisciplineGroup.PatientsAndPublic, 2), 0.05m);

        // Pathway redesign: fully staffed, to show what a complete team looks like.
        var frailty = FromTemplate("pathway-redesign", "Frailty pathway redesign",
            "Get older people with frailty home sooner and keep them well at home.",
            "Does a frailty assessment within 24 hours of admission shorten length of stay?",
            InitiativeStatus.Active, today.AddMonths(-9), null);
        Member(frailty, InGroup(DisciplineGroup.Clinician, 5), 0.3m, lead: true);
        Member(frailty, InGroup(DisciplineGroup.Clinician, 6), 0.2m);
        Member(frailty, InGroup(DisciplineGroup.Clinician, 7), 0.2m);
        Member(frailty, Titled("Programme manager", 1), 0.5m, lead: true);
        Member(frailty, Titled("Information analyst", 2), 0.4m);
        Member(frailty, InGroup(DisciplineGroup.Designer, 1), 0.3m);
        Member(frailty, InGroup(DisciplineGroup.PatientsAndPublic, 3), 0.05m);
        Member(frailty, InGroup(DisciplineGroup.PatientsAndPublic, 4), 0.05m);

        // Digital inclusion: an idea with only a lead so far.
        var inclusion = FromTemplate("digital-inclusion", "Video outpatient clinics for everyone",
            "Make sure no one misses out when outpatient clinics move to video.",
            "Who stops attending when clinics move online, and what brings them back?",
            InitiativeStatus.Proposed, today.AddMonths(1), today.AddMonths(13));
        Member(inclusion, Titled("Programme manager"), 0.2m, lead: true);
        Member(inclusion, InGroup(DisciplineGroup.PatientsAndPublic, 5), 0.1m);
    }

    /// <summary>
    /// Ratings for most people (confirmed, unconfirmed self-ratings, drafts, some expired and some about to expire) and
    /// learning plans for some. The demo clinician has a confirmed strength, an unconfirmed self-rating below what
    /// their initiative needs, an expired rating and a competency never rated, so their gaps and suggestions show.
    /// </summary>
    private async Task CreateSkillsAsync(List<Person> people, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed + 4);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var now = clock.GetUtcNow().UtcDateTime;
        var frameworks = await db.Frameworks.AsNoTracking().Include(f => f.Competencies).Where(f => f.Key == "lhs-core" || f.Key == "lhs-clinician").ToListAsync(cancellationToken);
        var latest = frameworks.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.MaxBy(f => f.VersionNumber)!);
        var core = latest["lhs-core"].Competencies.Where(c => c.ParentId != null).OrderBy(c => c.SortOrder).ToList();
        var clinicianSkills = latest["lhs-clinician"].Competencies.OrderBy(c => c.SortOrder).ToList();
        Competency Code(string key, string code) => latest[key].Competencies.Single(c => c.Code == code);

        var ordered = people.OrderBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.GivenName, StringComparer.Ordinal).ToList();
        Person Titled(string title) => ordered.First(p => p.Engagements.Any(e => e.RoleTitle == title && e.IsCurrentOn(today)));
        var clinician = Titled(ClinicalLeadTitle);
        var director = Titled("LHS programme director");
        var informatician = Titled("Clinical informatician");

        void Add(Person person, Competency competency, AssessmentKind kind, AssessmentStatus status, int level, DateOnly assessedOn, DateOnly validUntil, string? note = null)
        {
            var assessor = person == director ? informatician : director;
            db.Assessments.Add(new Assessment
            {
                PersonId = person.Id, CompetencyId = competency.Id, Kind = kind, Status = status, Level = level, AssessedOn = assessedOn, ValidUntil = validUntil,
                EvidenceNote = note, RatedByName = kind == AssessmentKind.Self ? person.DisplayName : assessor.DisplayName,
                ReviewedByName = status == AssessmentStatus.Confirmed ? assessor.DisplayName : null,
                ReviewedAt = status == AssessmentStatus.Confirmed ? now.AddDays(-(today.DayNumber - assessedOn.DayNumber) + 3) : null,
                CreatedAt = now.AddDays(-(today.DayNumber - assessedOn.DayNumber)),
            });
        }

        foreach (var person in ordered.Where(p => p != clinician))
        {
            // About one in seven people has not assessed anything yet.
            if (random.Next(7) == 0)
            {
                continue;
            }

            var pool = person.Discipline == DisciplineGroup.Clinician ? clinicianSkills.Concat(core.Where((_, i) => i % 3 == 0)).ToList() : core;
            var count = Math.Min(pool.Count, random.Next(4, 9));
            foreach (var competency in pool.OrderBy(_ => random.Next()).Take(count))
            {
                var level = Math.Clamp(random.Next(1, 5) + (person.Discipline is DisciplineGroup.InformationAnalyst or DisciplineGroup.DigitalAndInformatics && competency.Code.StartsWith("C4", StringComparison.Ordinal) ? 1 : 0), 1, 4);
                var assessedOn = today.AddDays(-random.Next(10, 600));
                var roll = random.Next(100);
                if (roll < 55)
                {
                    // Confirmed; one in eight of these expires within 60 days.
                    var validUntil = random.Next(8) == 0 ? today.AddDays(random.Next(5, 60)) : assessedOn.AddYears(2);
                    Add(person, competency, random.Next(3) == 0 ? AssessmentKind.Assessor : AssessmentKind.Self, AssessmentStatus.Confirmed, level, assessedOn, validUntil, "Observed in practice and discussed at appraisal.");
                }
                else if (roll < 80)
                {
                    Add(person, competency, AssessmentKind.Self, AssessmentStatus.Submitted, level, assessedOn, assessedOn.AddYears(3));
                }
                else if (roll < 88)
                {
                    Add(person, competency, AssessmentKind.Self, AssessmentStatus.Draft, level, assessedOn, assessedOn.AddYears(3));
                }
                else
                {
                    var old = today.AddDays(-random.Next(800, 1100));
                    Add(person, competency, AssessmentKind.Assessor, AssessmentStatus.Confirmed, level, old, old.AddYears(2), "Confirmed at a previous appraisal.");
                }
            }
        }

        // The demo clinician leads audit and feedback (CLN2 3, CLN5 3, C4.2 3, C3.2 2).
        Add(clinician, Code("lhs-clinician", "CLN2"), AssessmentKind.Assessor, AssessmentStatus.Confirmed, 3, today.AddDays(-120), today.AddDays(-120).AddYears(2), "Presented the prescribing dashboard at the audit meeting.");
        Add(clinician, Code("lhs-clinician", "CLN5"), AssessmentKind.Self, AssessmentStatus.Submitted, 2, today.AddDays(-40), today.AddDays(-40).AddYears(3));
        Add(clinician, Code("lhs-core", "C3.2"), AssessmentKind.Assessor, AssessmentStatus.Confirmed, 2, today.AddDays(-900), today.AddDays(-170), "Information governance training, since lapsed.");
        Add(clinician, Code("lhs-core", "C1.1"), AssessmentKind.Assessor, AssessmentStatus.Confirmed, 4, today.AddDays(-60), today.AddDays(-60).AddYears(2), "Runs the trust's video clinics.");

        // Learning plans for some people, each goal aimed at a competency they rated low.
        var activities = Enum.GetValues<ActivityKind>();
        foreach (var person in ordered.Where((p, i) => p != clinician && i % 6 == 1))
        {
            var plan = new LearningPlan { PersonId = person.Id, CreatedAt = now.AddDays(-random.Next(20, 200)) };
            foreach (var competency in core.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
            {
                var kind = activities[random.Next(activities.Length)];
                var start = random.Next(0, 3);
                plan.Goals.Add(new LearningGoal
                {
                    PlanId = plan.Id, CompetencyId = competency.Id, TargetLevel = Math.Min(4, start + 2), StartLevel = start,
                    TargetDate = today.AddDays(random.Next(60, 365)), Status = random.Next(3) == 0 ? GoalStatus.Planned : GoalStatus.InProgress,
                    Activities = [new LearningActivity { Kind = kind, Description = $"{TeamLabelsFor(kind)} on {competency.Name.ToLowerInvariant()}", TargetDate = today.AddDays(random.Next(30, 200)) }],
                    CreatedAt = plan.CreatedAt,
                });
            }

            db.LearningPlans.Add(plan);
        }
    }

    private static string TeamLabelsFor(ActivityKind kind) => kind switch
    {
        ActivityKind.Course => "A course",
        ActivityKind.ELearning => "E-learning",
        ActivityKind.Shadowing => "Shadowing",
        ActivityKind.Mentoring => "Mentoring",
        ActivityKind.ProjectWork => "Project work",
        _ => "Teaching others",
    };

    /// <summary>Engagement terms typical of each discipline group, so every engagement type appears.</summary>
    private static (EngagementType Type, Organisation Organisation, string Title) EngagementFor(
        DisciplineGroup group, int index, Organisation host, Organisation university, Organisation partnerTrust, Organisation platform, Organisation consultancy) =>
        group switch
        {
            DisciplineGroup.PatientsAndPublic => (EngagementType.Volunteer, host, "Patient partner"),
            DisciplineGroup.Clinician when index % 5 == 4 => (EngagementType.Seconded, partnerTrust, "Clinical lead"),
            DisciplineGroup.Clinician => (EngagementType.Employed, host, index == 0 ? ClinicalLeadTitle : "Clinician"),
            DisciplineGroup.Researcher when index % 2 == 0 => (EngagementType.Seconded, university, "Research fellow"),
            DisciplineGroup.Researcher => (EngagementType.Employed, host, "Research manager"),
            DisciplineGroup.Designer => (EngagementType.Contractor, host, "Service designer"),
            DisciplineGroup.Strategy when index == 0 => (EngagementType.Employed, host, "LHS programme director"),
            DisciplineGroup.Strategy => (EngagementType.Consultant, consultancy, "Strategy consultant"),
            DisciplineGroup.OperationalDelivery => (EngagementType.Employed, host, index == 1 ? "Workforce planning manager" : "Programme manager"),
            DisciplineGroup.InformationAnalyst when index % 4 == 3 => (EngagementType.PlatformProviderStaff, platform, "Data engineer"),
            DisciplineGroup.InformationAnalyst when index % 4 == 2 => (EngagementType.Contractor, host, "Data scientist"),
            DisciplineGroup.InformationAnalyst => (EngagementType.Employed, host, "Information analyst"),
            DisciplineGroup.DigitalAndInformatics when index % 2 == 1 => (EngagementType.PlatformProviderStaff, platform, "Platform engineer"),
            DisciplineGroup.DigitalAndInformatics => (EngagementType.Employed, host, "Clinical informatician"),
            _ => (EngagementType.Employed, host, "Project support officer"),
        };

    private async Task<IReadOnlyList<DemoCredential>> ResetDemoAccountsAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var people = await db.People.AsNoTracking()
            .Where(p => p.Email != null && p.Email.EndsWith("@" + DemoEmailDomain))
            .Select(p => new { Person = p, Titles = p.Engagements.Where(e => e.EndDate == null || e.EndDate >= today).Select(e => e.RoleTitle).ToList() })
            .ToListAsync(cancellationToken);

        var credentials = new List<DemoCredential>();
        foreach (var (role, title) in DemoAccounts)
        {
            var person = people
                .Where(p => p.Titles.Contains(title))
                .Select(p => p.Person)
                .OrderBy(p => p.FamilyName, StringComparer.Ordinal).ThenBy(p => p.GivenName, StringComparer.Ordinal)
                .First();
            var email = $"{role.ToLowerInvariant()}@{DemoEmailDomain}";
            var password = CreateUser.GeneratePassword();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = person.DisplayName, PersonId = person.Id };
                Check(await users.CreateAsync(user, password), email);
                var accountRoles = role is Roles.PatientPartner or Roles.Member ? new[] { role } : new[] { role, Roles.Member };
                Check(await users.AddToRolesAsync(user, accountRoles), email);
            }
            else
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                Check(await users.ResetPasswordAsync(user, token, password), email);
                await users.SetLockoutEndDateAsync(user, null);
                await users.ResetAccessFailedCountAsync(user);
            }

            credentials.Add(new DemoCredential(role, email, person.DisplayName, password));
        }

        return credentials;
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not set up demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
