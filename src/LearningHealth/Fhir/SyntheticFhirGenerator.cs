using System.Globalization;
using System.Text.Json;

namespace LearningHealth.Fhir;

/// <summary>What <see cref="SyntheticFhirGenerator"/> generates.</summary>
/// <param name="Patients">Number of patients.</param>
/// <param name="Practitioners">Number of practitioners (at least 1).</param>
/// <param name="Years">Years of care, ending with 2025 (or with the year of <see cref="Until"/>).</param>
/// <param name="Seed">The same seed gives the same bytes.</param>
public sealed record GeneratorOptions(int Patients, int Practitioners, int Years, int Seed)
{
    /// <summary>The last day with care; nothing is generated after it. Default: 31 December 2025.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>
    /// Real people to stand for the first practitioners (the demo's clinicians), each with their professional
    /// registration as an extra identifier, so feedback can be matched to the person who practised.
    /// </summary>
    public IReadOnlyList<NamedPractitioner> Named { get; init; } = [];

    /// <summary>
    /// Deprivation decile (1 = most deprived) by postcode district. When given, antibiotic prescribing for respiratory
    /// infections depends a little on the patient's district: the clinician's rate is multiplied by
    /// 1 + <see cref="SyntheticFhirGenerator.DeprivationEffect"/> × (5.5 − decile), so about 22% more often in the
    /// most deprived decile and 22% less often in the least. Districts not listed have no effect. Default: none, and
    /// then the output is byte for byte what it was without this option.
    /// </summary>
    public IReadOnlyDictionary<string, int>? DeprivationByDistrict { get; init; }
}

/// <summary>A practitioner the generator should name, with an identifier such as a GMC number.</summary>
/// <param name="AntibioticRate">Their rate of antibiotic prescribing for respiratory infections, in place of the generated one.</param>
/// <param name="PanelWeight">How many times the usual number of patients have them as their usual clinician.</param>
public sealed record NamedPractitioner(string Given, string Family, bool Female, string IdentifierSystem, string IdentifierValue,
    double? AntibioticRate = null, int PanelWeight = 1);

/// <summary>
/// Writes synthetic FHIR R4 NDJSON, one file per resource type, shaped like a primary-care Bulk Data export:
/// organisations, locations, practitioners (NPI-style identifiers) and their roles, patients with UK postcodes,
/// encounters (some naming their practitioner by a conditional reference, as Synthea does), conditions, observations
/// (HbA1c 4548-4, systolic blood pressure 8480-6), medication requests (antibiotics for respiratory infections,
/// statins) and procedures. Practitioners practise differently: a few prescribe far more antibiotics for respiratory
/// infections than their peers, prescribing falls slowly over the years, and some change their practice half-way.
/// Deterministic: the same options give the same bytes.
/// </summary>
public static class SyntheticFhirGenerator
{
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";

    /// <summary>Change in antibiotic prescribing per decile of deprivation away from the middle (5.5), when switched on.</summary>
    public const double DeprivationEffect = 0.05;
    private const string Snomed = "http://snomed.info/sct";
    private const string Loinc = "http://loinc.org";
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string LastUpdated = "2026-01-15T09:30:00.000+00:00";

    private static readonly string[] Types =
        ["Organization", "Location", "Practitioner", "PractitionerRole", "Patient", "Encounter", "Condition", "Observation", "MedicationRequest", "Procedure"];

    private static readonly string[] Districts =
        ["LS1", "LS2", "LS4", "LS6", "LS7", "LS8", "LS11", "LS12", "LS15", "LS17", "BD1", "BD3", "BD7", "BD9", "HX1", "HX3", "WF1", "WF2", "HD1", "HD3", "YO1", "YO10"];

    private static readonly string[] Streets = ["High Street", "Station Road", "Church Lane", "Park Avenue", "Victoria Road", "Mill Lane", "Chapel Street", "Moor Road", "Green Lane", "King Street"];
    private static readonly string[] GivenFemale = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Aisha", "Fatima", "Emily", "Sophie", "Hannah", "Zara", "Priya", "Chloe", "Ruth", "Margaret"];
    private static readonly string[] GivenMale = ["Oliver", "George", "Harry", "Noah", "Jack", "Mohammed", "Leo", "Arthur", "Oscar", "Ravi", "Thomas", "James", "Daniel", "Adam", "Peter", "John"];
    private static readonly string[] Family = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan", "Wright", "Walker", "Hughes", "Evans", "Ali", "Clarke", "Hussain", "Wood", "Shaw", "Lee"];

    private static readonly (string Code, string Display)[] RespiratoryInfections =
    [
        ("54150009", "Upper respiratory infection"),
        ("195662009", "Acute viral pharyngitis"),
        ("444814009", "Viral sinusitis"),
        ("10509002", "Acute bronchitis"),
    ];

    private static readonly (string Code, string Display)[] Antibiotics =
    [
        ("308182", "Amoxicillin 250 MG Oral Capsule"),
        ("562251", "Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet"),
        ("197454", "Clarithromycin 250 MG Oral Tablet"),
        ("1043400", "Doxycycline 100 MG Oral Capsule"),
    ];

    /// <summary>Writes the files into <paramref name="folder"/> (created if needed); returns resources written by type.</summary>
    public static IReadOnlyDictionary<string, long> Write(GeneratorOptions options, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Patients);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Practitioners, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Years, 1);
        Directory.CreateDirectory(folder);
        var output = new Output(folder);
        try
        {
            new Generation(options, output, cancellationToken).Run();
        }
        finally
        {
            output.Dispose();
        }

        return Types.ToDictionary(type => type, type => output.Counts[type]);
    }

    private sealed class Output : IDisposable
    {
        // FHIR JSON is UTF-8 and not embedded in HTML: write '+' and non-ASCII letters as they are.
        private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly Dictionary<string, (FileStream File, Utf8JsonWriter Writer)> files = [];

        public Output(string folder)
        {
            foreach (var type in Types)
            {
                var file = new FileStream(Path.Combine(folder, type + ".ndjson"), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
                files[type] = (file, new Utf8JsonWriter(file, WriterOptions));
                Counts[type] = 0;
            }
        }

        public Dictionary<string, long> Counts { get; } = [];

        public Utf8JsonWriter Begin(string type, string id)
        {
            var writer = files[type].Writer;
            writer.WriteStartObject();
            writer.WriteString("resourceType", type);
            writer.WriteString("id", id);
            writer.WriteStartObject("meta");
            writer.WriteString("versionId", "1");
            writer.WriteString("lastUpdated", LastUpdated);
            writer.WriteEndObject();
            return writer;
        }

        public void End(string type)
        {
            var (file, writer) = files[type];
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset(file);
            file.WriteByte((byte)'\n');
            Counts[type]++;
        }

        public void Dispose()
        {
            foreach (var (file, writer) in files.Values)
            {
                writer.Dispose();
                file.Dispose();
            }
        }
    }

    private sealed record Clinician(string Id, string Npi, string Name, string Gender, int Organisation, double AntibioticRate, double? RateAfterChange, double StatinRate, double ReferenceShare)
    {
        /// <summary>A rate given by the caller is kept as given: it does not fall over the years like the generated ones.</summary>
        public bool FixedRate { get; init; }
    }

    private sealed record Site(string OrganisationId, string LocationId, string Name, string Ods, string Postcode);

    private sealed class Generation(GeneratorOptions options, Output output, CancellationToken cancellationToken)
    {
        private readonly Random random = new(options.Seed);
        private readonly List<Site> sites = [];
        private readonly List<Clinician> clinicians = [];
        // Each clinician once per unit of panel weight: patients pick their usual clinician from this list.
        private readonly List<Clinician> panel = [];
        private readonly DateTime until = (options.Until ?? new DateOnly(2025, 12, 31)).ToDateTime(new TimeOnly(23, 59), DateTimeKind.Utc);
        private readonly int firstYear = (options.Until?.Year ?? 2025) + 1 - options.Years;

        public void Run()
        {
            WriteSites();
            WriteClinicians();
            for (var patient = 0; patient < options.Patients; patient++)
            {
                if (patient % 1000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                WritePatient(patient);
            }
        }

        private string NewId()
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return Convert.ToHexStringLower(bytes[..4]) + "-" + Convert.ToHexStringLower(bytes[4..6]) + "-" + Convert.ToHexStringLower(bytes[6..8])
                + "-" + Convert.ToHexStringLower(bytes[8..10]) + "-" + Convert.ToHexStringLower(bytes[10..]);
        }

        private T Pick<T>(T[] items) => items[random.Next(items.Length)];

        private string Postcode() => string.Create(CultureInfo.InvariantCulture,
            $"{Pick(Districts)} {random.Next(1, 10)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}");

        private void WriteSites()
        {
            var count = Math.Max(1, Math.Min(5, (options.Practitioners + 7) / 8));
            for (var i = 0; i < count; i++)
            {
                var site = new Site(NewId(), NewId(), $"{Pick(Streets).Split(' ')[0]} {(i % 2 == 0 ? "Medical Practice" : "Surgery")} {i + 1}",
                    string.Create(CultureInfo.InvariantCulture, $"B{82000 + (i * 17):D5}"), Postcode());
                sites.Add(site);
                var w = output.Begin("Organization", site.OrganisationId);
                w.WriteStartArray("identifier");
                w.WriteStartObject();
                w.WriteString("system", "https://fhir.nhs.uk/Id/ods-organization-code");
                w.WriteString("value", site.Ods);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteBoolean("active", true);
                w.WriteStartArray("type");
                Concept(w, "http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider");
                w.WriteEndArray();
                w.WriteString("name", site.Name);
                Address(w, site.Postcode);
                output.End("Organization");

                w = output.Begin("Location", site.LocationId);
                w.WriteString("status", "active");
                w.WriteString("name", site.Name);
                Address(w, site.Postcode, array: false);
                w.WriteStartObject("managingOrganization");
                w.WriteString("reference", "Organization/" + site.OrganisationId);
                w.WriteString("display", site.Name);
                w.WriteEndObject();
                output.End("Location");
            }
        }

        private void WriteClinicians()
        {
            for (var i = 0; i < options.Practitioners; i++)
            {
                var female = random.Next(2) == 0;
                var given = female ? Pick(GivenFemale) : Pick(GivenMale);
                var family = Pick(Family);
                var named = i < options.Named.Count ? options.Named[i] : null;
                if (named is not null)
                {
                    (given, family, female) = (named.Given, named.Family, named.Female);
                }

                // Typical antibiotic prescribing for respiratory infections is 30-45%; every tenth clinician is an
                // outlier at about 80%, and every seventh changes practice half-way (to about half their rate).
                var rate = i % 10 == 3 ? 0.78 + (random.NextDouble() * 0.1) : 0.30 + (random.NextDouble() * 0.15);
                rate = named?.AntibioticRate ?? rate;
                double? after = i % 7 == 5 ? rate * 0.45 : null;
                var statin = 0.45 + (random.NextDouble() * 0.4);
                var clinician = new Clinician(NewId(), string.Create(CultureInfo.InvariantCulture, $"99999{74000 + (i * 37):D5}"),
                    $"{given} {family}", female ? "female" : "male", i % sites.Count, rate, after, statin, 0.3 + (random.NextDouble() * 0.5))
                {
                    FixedRate = named?.AntibioticRate is not null,
                };
                clinicians.Add(clinician);
                panel.AddRange(Enumerable.Repeat(clinician, Math.Max(1, named?.PanelWeight ?? 1)));

                var w = output.Begin("Practitioner", clinician.Id);
                w.WriteStartArray("identifier");
                w.WriteStartObject();
                w.WriteString("system", NpiSystem);
                w.WriteString("value", clinician.Npi);
                w.WriteEndObject();
                if (named is not null)
                {
                    w.WriteStartObject();
                    w.WriteString("system", named.IdentifierSystem);
                    w.WriteString("value", named.IdentifierValue);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteBoolean("active", true);
                w.WriteStartArray("name");
                w.WriteStartObject();
                w.WriteString("family", family);
                w.WriteStartArray("given");
                w.WriteStringValue(given);
                w.WriteEndArray();
                w.WriteStartArray("prefix");
                w.WriteStringValue("Dr.");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteStartArray("telecom");
                w.WriteStartObject();
                w.WriteString("system", "email");
                w.WriteString("value", $"{given}.{family}{i}@example.nhs.uk".ToLowerInvariant());
                w.WriteString("use", "work");
                w.WriteEndObject();
                w.WriteEndArray();
                Address(w, sites[clinician.Organisation].Postcode);
                w.WriteString("gender", clinician.Gender);
                output.End("Practitioner");

                w = output.Begin("PractitionerRole", NewId());
                w.WriteBoolean("active", true);
                Reference(w, "practitioner", "Practitioner/" + clinician.Id, "Dr. " + clinician.Name);
                Reference(w, "organization", "Organization/" + sites[clinician.Organisation].OrganisationId, sites[clinician.Organisation].Name);
                w.WriteStartArray("code");
                Concept(w, Snomed, "62247001", "General practitioner");
                w.WriteEndArray();
                w.WriteStartArray("location");
                w.WriteStartObject();
                w.WriteString("reference", "Location/" + sites[clinician.Organisation].LocationId);
                w.WriteEndObject();
                w.WriteEndArray();
                output.End("PractitionerRole");
            }
        }

        private void WritePatient(int index)
        {
            var id = NewId();
            var female = random.Next(2) == 0;
            var given = female ? Pick(GivenFemale) : Pick(GivenMale);
            var family = Pick(Family);
            var birth = new DateOnly(1935, 1, 1).AddDays(random.Next(365 * 85));
            var usual = panel.Count == clinicians.Count ? clinicians[random.Next(clinicians.Count)] : panel[random.Next(panel.Count)];
            var site = sites[usual.Organisation];
            var age = firstYear - birth.Year;
            var diabetic = random.NextDouble() < (age > 45 ? 0.14 : 0.04);
            var hypertensive = random.NextDouble() < (age > 50 ? 0.35 : 0.08);
            var display = $"{(female ? "Ms" : "Mr")} {given} {family}";

            var w = output.Begin("Patient", id);
            w.WriteStartArray("identifier");
            w.WriteStartObject();
            w.WriteString("system", "https://fhir.nhs.uk/Id/nhs-number");
            w.WriteString("value", string.Create(CultureInfo.InvariantCulture, $"9{index % 1_000_000_000:D9}"));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("name");
            w.WriteStartObject();
            w.WriteString("use", "official");
            w.WriteString("family", family);
            w.WriteStartArray("given");
            w.WriteStringValue(given);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("gender", female ? "female" : "male");
            w.WriteString("birthDate", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var postcode = Postcode();
            var prescribing = PrescribingFactor(postcode);
            Address(w, postcode, home: true);
            w.WriteStartArray("generalPractitioner");
            w.WriteStartObject();
            w.WriteString("reference", "Practitioner/" + usual.Id);
            w.WriteEndObject();
            w.WriteEndArray();
            Reference(w, "managingOrganization", "Organization/" + site.OrganisationId, site.Name);
            output.End("Patient");

            string? diabetesId = null;
            string? hypertensionId = null;
            if (diabetic)
            {
                diabetesId = WriteCondition(id, null, usual, new DateTime(firstYear, 1, 1, 9, 0, 0, DateTimeKind.Utc).AddDays(-random.Next(2000)), "44054006", "Diabetes mellitus type 2", "problem-list-item", active: true);
            }

            if (hypertensive)
            {
                hypertensionId = WriteCondition(id, null, usual, new DateTime(firstYear, 1, 1, 9, 0, 0, DateTimeKind.Utc).AddDays(-random.Next(2000)), "38341003", "Hypertensive disorder", "problem-list-item", active: true);
            }

            var hba1c = 6.2 + (random.NextDouble() * 2.5);
            var systolic = 128 + random.Next(30);
            for (var year = firstYear; year <= until.Year; year++)
            {
                var visits = random.Next(0, 5) + (diabetic ? 2 : 0) + (hypertensive ? 1 : 0);
                for (var v = 0; v < visits; v++)
                {
                    var clinician = random.NextDouble() < 0.7 ? usual : clinicians[random.Next(clinicians.Count)];
                    var when = new DateTime(year, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddDays(random.Next(365)).AddMinutes(random.Next(9 * 60));
                    var progress = (year - firstYear + (when.DayOfYear / 366.0)) / options.Years;
                    var roll = random.NextDouble();
                    if (when > until)
                    {
                        continue;
                    }

                    if (roll < 0.35)
                    {
                        RespiratoryVisit(id, display, clinician, when, progress, prescribing);
                    }
                    else if (diabetic && roll < 0.6)
                    {
                        hba1c = Math.Clamp(hba1c + ((random.NextDouble() - 0.55) * 0.6), 5.0, 12.5);
                        ReviewVisit(id, display, clinician, when, diabetesId!, "Diabetes review", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", Math.Round(hba1c, 1), "%", "%", progress, diabetic, hypertensive);
                    }
                    else if (hypertensive && roll < 0.8)
                    {
                        systolic = Math.Clamp(systolic + random.Next(-6, 6), 105, 185);
                        ReviewVisit(id, display, clinician, when, hypertensionId!, "Hypertension review", "8480-6", "Systolic blood pressure", systolic, "mm[Hg]", "mmHg", progress, diabetic, hypertensive);
                    }
                    else
                    {
                        var encounter = WriteEncounter(id, display, clinician, when, "185349003", "Encounter for check up", null);
                        if (random.NextDouble() < 0.25)
                        {
                            WriteProcedure(id, encounter, clinician, when, "396550006", "Blood test");
                        }
                    }
                }
            }
        }

        /// <summary>How much more (or less) often a patient from this postcode's district is prescribed an antibiotic; 1 when the option is off.</summary>
        private double PrescribingFactor(string postcode)
        {
            var district = postcode.Split(' ')[0];
            return options.DeprivationByDistrict is { } deciles && deciles.TryGetValue(district, out var decile)
                ? 1 + (DeprivationEffect * (5.5 - decile))
                : 1;
        }

        private void RespiratoryVisit(string patient, string display, Clinician clinician, DateTime when, double progress, double prescribing)
        {
            var (code, name) = Pick(RespiratoryInfections);
            var encounter = WriteEncounter(patient, display, clinician, when, "185345009", "Encounter for symptom", (code, name));
            var condition = WriteCondition(patient, encounter, clinician, when, code, name, "encounter-diagnosis", active: false);
            var rate = clinician.RateAfterChange is { } after && progress >= 0.5 ? after : clinician.AntibioticRate;
            if (!clinician.FixedRate)
            {
                rate *= 1.0 - (0.15 * progress); // a slow fall in prescribing over the years, for everyone else
            }
            rate *= prescribing; // exactly 1 unless the deprivation effect is switched on, so without it the output is unchanged
            if (random.NextDouble() < rate)
            {
                WriteMedicationRequest(patient, encounter, condition, clinician, when, Pick(Antibiotics), "Take one three times a day for 5 days", 15);
            }
        }

        private void ReviewVisit(string patient, string display, Clinician clinician, DateTime when, string conditionId, string reason,
            string loinc, string loincDisplay, double value, string unitCode, string unit, double progress, bool diabetic, bool hypertensive)
        {
            var encounter = WriteEncounter(patient, display, clinician, when, "390906007", "Follow-up encounter", (diabetic && reason.StartsWith('D') ? "44054006" : "38341003", reason));
            WriteObservation(patient, encounter, clinician, when, loinc, loincDisplay, value, unitCode, unit);
            if (random.NextDouble() < 0.5)
            {
                WriteObservation(patient, encounter, clinician, when, "8480-6", "Systolic blood pressure", 118 + random.Next(45), "mm[Hg]", "mmHg");
            }

            if ((diabetic || hypertensive) && random.NextDouble() < clinician.StatinRate * (0.7 + (0.3 * progress)) * 0.5)
            {
                WriteMedicationRequest(patient, encounter, conditionId, clinician, when, ("617310", "atorvastatin 20 MG Oral Tablet"), "Take one at night", 28);
            }

            if (random.NextDouble() < 0.3)
            {
                WriteProcedure(patient, encounter, clinician, when, "396550006", "Blood test");
            }
        }

        private string WriteEncounter(string patient, string display, Clinician clinician, DateTime start, string typeCode, string typeDisplay, (string Code, string Display)? reason)
        {
            var id = NewId();
            var end = start.AddMinutes(10 + random.Next(20));
            var site = sites[clinician.Organisation];
            var w = output.Begin("Encounter", id);
            w.WriteStartArray("identifier");
            w.WriteStartObject();
            w.WriteString("use", "official");
            w.WriteString("system", "https://example.nhs.uk/Id/encounter");
            w.WriteString("value", id);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("status", "finished");
            w.WriteStartObject("class");
            w.WriteString("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode");
            w.WriteString("code", "AMB");
            w.WriteString("display", "ambulatory");
            w.WriteEndObject();
            w.WriteStartArray("type");
            Concept(w, Snomed, typeCode, typeDisplay);
            w.WriteEndArray();
            w.WriteStartObject("serviceType");
            Coding(w, Snomed, "394814009", "General practice (specialty)");
            w.WriteString("text", "General practice");
            w.WriteEndObject();
            Reference(w, "subject", "Patient/" + patient, display);
            w.WriteStartArray("participant");
            w.WriteStartObject();
            w.WriteStartArray("type");
            Concept(w, "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "PPRF", "primary performer");
            w.WriteEndArray();
            Period(w, start, end);
            // Like Synthea, about half of the encounters name the practitioner by identifier rather than by id.
            Reference(w, "individual", random.Next(2) == 0 ? $"Practitioner?identifier={NpiSystem}|{clinician.Npi}" : "Practitioner/" + clinician.Id, "Dr. " + clinician.Name);
            w.WriteEndObject();
            w.WriteEndArray();
            Period(w, start, end);
            if (reason is { } r)
            {
                w.WriteStartArray("reasonCode");
                Concept(w, Snomed, r.Code, r.Display);
                w.WriteEndArray();
            }

            w.WriteStartArray("location");
            w.WriteStartObject();
            Reference(w, "location", "Location/" + site.LocationId, site.Name);
            w.WriteEndObject();
            w.WriteEndArray();
            Reference(w, "serviceProvider", "Organization/" + site.OrganisationId, site.Name);
            output.End("Encounter");
            return id;
        }

        private string WriteCondition(string patient, string? encounter, Clinician clinician, DateTime when, string code, string display, string category, bool active)
        {
            var id = NewId();
            var w = output.Begin("Condition", id);
            w.WriteStartObject("clinicalStatus");
            Coding(w, "http://terminology.hl7.org/CodeSystem/condition-clinical", active ? "active" : "resolved", active ? "Active" : "Resolved");
            w.WriteEndObject();
            w.WriteStartObject("verificationStatus");
            Coding(w, "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed");
            w.WriteEndObject();
            w.WriteStartArray("category");
            Concept(w, "http://terminology.hl7.org/CodeSystem/condition-category", category, category == "encounter-diagnosis" ? "Encounter Diagnosis" : "Problem List Item");
            w.WriteEndArray();
            w.WriteStartObject("code");
            Coding(w, Snomed, code, display);
            w.WriteString("text", display);
            w.WriteEndObject();
            Reference(w, "subject", "Patient/" + patient, null);
            if (encounter is not null)
            {
                Reference(w, "encounter", "Encounter/" + encounter, null);
            }

            w.WriteString("onsetDateTime", Instant(when));
            if (!active)
            {
                w.WriteString("abatementDateTime", Instant(when.AddDays(7 + random.Next(14))));
            }

            w.WriteString("recordedDate", Instant(when));
            Reference(w, "recorder", "Practitioner/" + clinician.Id, "Dr. " + clinician.Name);
            output.End("Condition");
            return id;
        }

        private void WriteObservation(string patient, string encounter, Clinician clinician, DateTime when, string code, string display, double value, string unitCode, string unit)
        {
            var w = output.Begin("Observation", NewId());
            w.WriteString("status", "final");
            w.WriteStartArray("category");
            var vital = code == "8480-6";
            Concept(w, "http://terminology.hl7.org/CodeSystem/observation-category", vital ? "vital-signs" : "laboratory", vital ? "Vital Signs" : "Laboratory");
            w.WriteEndArray();
            // Blood pressure is a panel (85354-9) with systolic (8480-6) and diastolic (8462-4) components, as US Core
            // and Synthea write it; other observations carry their value directly.
            w.WriteStartObject("code");
            if (vital)
            {
                Coding(w, Loinc, "85354-9", "Blood pressure panel with all children optional");
                w.WriteString("text", "Blood pressure");
            }
            else
            {
                Coding(w, Loinc, code, display);
                w.WriteString("text", display);
            }

            w.WriteEndObject();
            Reference(w, "subject", "Patient/" + patient, null);
            Reference(w, "encounter", "Encounter/" + encounter, null);
            w.WriteString("effectiveDateTime", Instant(when));
            w.WriteString("issued", Instant(when.AddHours(vital ? 0 : 26)));
            w.WriteStartArray("performer");
            w.WriteStartObject();
            w.WriteString("reference", "Practitioner/" + clinician.Id);
            w.WriteEndObject();
            w.WriteEndArray();
            if (vital)
            {
                w.WriteStartArray("component");
                Component(w, code, display, value, unitCode, unit);
                Component(w, "8462-4", "Diastolic blood pressure", Math.Round(value * 0.62) + random.Next(-6, 7), unitCode, unit);
                w.WriteEndArray();
            }
            else
            {
                Quantity(w, value, unitCode, unit);
            }

            output.End("Observation");
        }

        private void WriteMedicationRequest(string patient, string encounter, string condition, Clinician clinician, DateTime when, (string Code, string Display) medication, string dosage, int quantity)
        {
            var w = output.Begin("MedicationRequest", NewId());
            w.WriteString("status", "completed");
            w.WriteString("intent", "order");
            w.WriteStartObject("medicationCodeableConcept");
            Coding(w, RxNorm, medication.Code, medication.Display);
            w.WriteString("text", medication.Display);
            w.WriteEndObject();
            Reference(w, "subject", "Patient/" + patient, null);
            Reference(w, "encounter", "Encounter/" + encounter, null);
            w.WriteString("authoredOn", Instant(when));
            Reference(w, "requester", "Practitioner/" + clinician.Id, "Dr. " + clinician.Name);
            w.WriteStartArray("reasonReference");
            w.WriteStartObject();
            w.WriteString("reference", "Condition/" + condition);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("dosageInstruction");
            w.WriteStartObject();
            w.WriteNumber("sequence", 1);
            w.WriteString("text", dosage);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("dispenseRequest");
            w.WriteStartObject("quantity");
            w.WriteNumber("value", quantity);
            w.WriteString("unit", "tablet");
            w.WriteEndObject();
            w.WriteEndObject();
            output.End("MedicationRequest");
        }

        private void WriteProcedure(string patient, string encounter, Clinician clinician, DateTime when, string code, string display)
        {
            var w = output.Begin("Procedure", NewId());
            w.WriteString("status", "completed");
            w.WriteStartObject("code");
            Coding(w, Snomed, code, display);
            w.WriteString("text", display);
            w.WriteEndObject();
            Reference(w, "subject", "Patient/" + patient, null);
            Reference(w, "encounter", "Encounter/" + encounter, null);
            w.WriteString("performedDateTime", Instant(when));
            w.WriteStartArray("performer");
            w.WriteStartObject();
            Reference(w, "actor", "Practitioner/" + clinician.Id, "Dr. " + clinician.Name);
            w.WriteEndObject();
            w.WriteEndArray();
            output.End("Procedure");
        }

        private static void Component(Utf8JsonWriter w, string code, string display, double value, string unitCode, string unit)
        {
            w.WriteStartObject();
            w.WriteStartObject("code");
            Coding(w, Loinc, code, display);
            w.WriteString("text", display);
            w.WriteEndObject();
            Quantity(w, value, unitCode, unit);
            w.WriteEndObject();
        }

        private static void Quantity(Utf8JsonWriter w, double value, string unitCode, string unit)
        {
            w.WriteStartObject("valueQuantity");
            w.WriteNumber("value", value);
            w.WriteString("unit", unit);
            w.WriteString("system", "http://unitsofmeasure.org");
            w.WriteString("code", unitCode);
            w.WriteEndObject();
        }

        private static string Instant(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

        private static void Period(Utf8JsonWriter w, DateTime start, DateTime end)
        {
            w.WriteStartObject("period");
            w.WriteString("start", Instant(start));
            w.WriteString("end", Instant(end));
            w.WriteEndObject();
        }

        private static void Reference(Utf8JsonWriter w, string name, string reference, string? display)
        {
            w.WriteStartObject(name);
            w.WriteString("reference", reference);
            if (display is not null)
            {
                w.WriteString("display", display);
            }

            w.WriteEndObject();
        }

        private static void Coding(Utf8JsonWriter w, string system, string code, string display)
        {
            w.WriteStartArray("coding");
            w.WriteStartObject();
            w.WriteString("system", system);
            w.WriteString("code", code);
            w.WriteString("display", display);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        private static void Concept(Utf8JsonWriter w, string system, string code, string display)
        {
            w.WriteStartObject();
            Coding(w, system, code, display);
            w.WriteString("text", display);
            w.WriteEndObject();
        }

        private void Address(Utf8JsonWriter w, string postcode, bool array = true, bool home = false)
        {
            if (array)
            {
                w.WriteStartArray("address");
            }
            else
            {
                w.WritePropertyName("address");
            }

            w.WriteStartObject();
            w.WriteString("use", home ? "home" : "work");
            w.WriteStartArray("line");
            w.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 200)} {Pick(Streets)}"));
            w.WriteEndArray();
            w.WriteString("city", postcode.StartsWith("LS", StringComparison.Ordinal) ? "Leeds" : postcode.StartsWith("BD", StringComparison.Ordinal) ? "Bradford" : postcode.StartsWith("YO", StringComparison.Ordinal) ? "York" : "Halifax");
            w.WriteString("postalCode", postcode);
            w.WriteString("country", "GB");
            w.WriteEndObject();
            if (array)
            {
                w.WriteEndArray();
            }
        }
    }
}
