using CsvHelper;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Teams.Import;

/// <summary>
/// Imports people and their engagements from a CSV file (<see cref="TeamCsv"/>): one row per engagement, a person
/// with several engagements on several rows, matched by e-mail, else registration number.
/// <para>
/// Every row is checked with the rules the edit forms use (<see cref="PersonRules"/>) before anything is written,
/// and the report names the line and column of each problem. A person already in the directory gets the row's
/// engagement but keeps their details; an engagement the person already has (same type, organisation and start
/// date) is skipped, so importing the same file again adds nothing. The writing is one transaction.
/// </para>
/// <para>
/// The work is done in memory between one read of the directory and one save, so a file of thousands of rows takes
/// a few queries in all, not a query per row.
/// </para>
/// </summary>
public sealed class ImportPeople(AppDbContext db)
{
    /// <summary>More rows than this is more likely a wrong file than a team; such a file is refused before any work.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Reads the file as UTF-8 (a byte order mark is honoured, so a file saved by Excel as "CSV UTF-8" reads as it should).</summary>
    public async Task<ImportResult> HandleAsync(Stream csv, ImportMode mode = ImportMode.AllOrNothing, CancellationToken cancellationToken = default)
    {
        await using var reader = CsvReader.Create(csv, ReaderOptions(out var malformed), leaveOpen: true);
        return await ImportAsync(reader, malformed, mode, cancellationToken);
    }

    public async Task<ImportResult> HandleAsync(TextReader csv, ImportMode mode = ImportMode.AllOrNothing, CancellationToken cancellationToken = default)
    {
        await using var reader = CsvReader.Create(csv, ReaderOptions(out var malformed), leaveOpen: true);
        return await ImportAsync(reader, malformed, mode, cancellationToken);
    }

    private static CsvReaderOptions ReaderOptions(out Dictionary<long, CsvMalformedReason> malformed)
    {
        var found = new Dictionary<long, CsvMalformedReason>();
        malformed = found;
        return CsvReaderOptions.Default with
        {
            Separator = ',',
            TrackLineNumbers = true,
            MaxRecordSize = 1 << 20,
            OnMalformedRecord = record => found.TryAdd(record.LineNumber, record.Reason),
        };
    }

    private async Task<ImportResult> ImportAsync(CsvReader reader, Dictionary<long, CsvMalformedReason> malformed, ImportMode mode, CancellationToken cancellationToken)
    {
        await reader.ReadHeaderAsync(cancellationToken);
        if (reader.Headers.Count == 0)
        {
            return ImportResult.FileProblem(new ImportProblem(1, null, $"the file is empty; its first line must be the header: {TeamCsv.Header}"));
        }

        if (CheckHeader(reader.Headers) is { } headerProblem)
        {
            return ImportResult.FileProblem(headerProblem);
        }

        var columns = reader.Headers.Select((name, i) => (Name: name.Trim().ToLowerInvariant(), Index: i)).ToDictionary(c => c.Name, c => c.Index, StringComparer.Ordinal);
        var rows = new List<Row>();
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new string[reader.FieldCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.GetString(i);
                }

                // Spreadsheets often save rows of empty cells below the data: they are not rows of the team.
                if (values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                if (rows.Count == MaxRows)
                {
                    return ImportResult.FileProblem(new ImportProblem(null, null, $"the file has more than {MaxRows:N0} rows; split it into smaller files"));
                }

                rows.Add(Row.Parse((int)reader.LineNumber, values, columns, reader.Headers.Count));
            }
        }
        catch (CsvFormatException e)
        {
            // Only input that cannot be read at all gets here (such as a quote left open over a megabyte); bad rows are reported one by one.
            return ImportResult.FileProblem(new ImportProblem(e.LineNumber > 0 ? (int)e.LineNumber : null, null, $"the file cannot be read as CSV: {e.Message}"));
        }

        foreach (var row in rows)
        {
            if (malformed.TryGetValue(row.Line, out var reason))
            {
                row.Problems.Add(new ImportProblem(row.Line, null, Describe(reason)));
            }
        }

        var plan = await PlanAsync(rows, cancellationToken);
        var problems = rows.SelectMany(r => r.Problems.OrderBy(p => TeamCsv.Position(p.Column))).ToList();
        var rejected = rows.Count(r => r.Problems.Count > 0);
        var valid = rows.Count - rejected;
        if (rejected > 0 && mode == ImportMode.AllOrNothing)
        {
            return new ImportResult(rows.Count, valid, rejected, 0, 0, 0, 0, problems, []) { Refused = true };
        }

        if (plan.NewPeople.Count > 0 || plan.NewEngagements.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.People.AddRange(plan.NewPeople);
            db.Engagements.AddRange(plan.NewEngagements);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                problems.Add(new ImportProblem(null, null,
                    "someone added one of these people to the directory while the file was being imported, so nothing was imported; import the file again"));
                return new ImportResult(rows.Count, valid, rejected, 0, 0, 0, 0, problems, []) { Refused = true };
            }
        }

        return new ImportResult(rows.Count, valid, rejected, plan.PeopleCreated, plan.PeopleMatched, plan.EngagementsAdded, plan.DuplicatesSkipped, problems, plan.Notes);
    }

    /// <summary>The header must name every column once, in any order and case.</summary>
    private static ImportProblem? CheckHeader(IReadOnlyList<string> headers)
    {
        var names = headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = TeamCsv.Columns.Where(c => !names.Contains(c)).ToList();
        var unexpected = names.Where(n => !TeamCsv.Columns.Contains(n)).Distinct().ToList();
        var repeated = names.Where(n => TeamCsv.Columns.Contains(n)).GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count == 0 && unexpected.Count == 0 && repeated.Count == 0)
        {
            return null;
        }

        var what = new List<string>();
        if (missing.Count > 0)
        {
            what.Add($"missing {string.Join(", ", missing)}");
        }

        if (unexpected.Count > 0)
        {
            what.Add($"not expected {string.Join(", ", unexpected.Select(u => u.Length == 0 ? "(a column without a name)" : u))}");
        }

        if (repeated.Count > 0)
        {
            what.Add($"more than once {string.Join(", ", repeated)}");
        }

        return new ImportProblem(1, null, $"the header must name these columns, in any order: {TeamCsv.Header} ({string.Join("; ", what)})");
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote (\") inside a value that is not in quotes; put the value in quotes and double the quote",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a value",
        CsvMalformedReason.UnterminatedQuote => "a quoted value is never closed",
        _ => "the row is not well-formed CSV",
    };

    private static bool IsUniqueViolation(DbUpdateException e) => e.GetBaseException() switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067, // SQLITE_CONSTRAINT_UNIQUE
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// Works out, row by row and in file order, whom each valid row is about and what it adds, adding the problems
    /// that only the directory and the earlier rows can show. Nothing is written here.
    /// </summary>
    private async Task<Plan> PlanAsync(List<Row> rows, CancellationToken cancellationToken)
    {
        var plan = new Plan();
        if (rows.Count == 0)
        {
            return plan;
        }

        var organisations = await db.Organisations.AsNoTracking()
            .Select(o => new KnownOrganisation(o.Id, o.Name, o.Kind))
            .ToListAsync(cancellationToken);
        var organisationsByName = new Dictionary<string, KnownOrganisation>(StringComparer.OrdinalIgnoreCase);
        foreach (var organisation in organisations.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            organisationsByName.TryAdd(organisation.Name.Trim(), organisation);
        }

        foreach (var row in rows.Where(r => r.HasEngagement && r.OrganisationName is not null))
        {
            if (!organisationsByName.TryGetValue(row.OrganisationName!, out var organisation))
            {
                row.Problems.Add(new ImportProblem(row.Line, TeamCsv.Organisation, $"there is no organisation called '{row.OrganisationName}'; add it first, or use the name it has in LearningHealth"));
            }
            else if (row.Type == EngagementType.PlatformProviderStaff && organisation.Kind != OrganisationKind.PlatformProvider)
            {
                row.Problems.Add(new ImportProblem(row.Line, TeamCsv.Organisation, $"{organisation.Name} is not a platform provider; platform-provider staff are engaged through their vendor"));
            }
            else
            {
                row.Organisation = organisation;
            }
        }

        // The directory's people, matched in memory so that e-mail and registration numbers match whatever their
        // case and whichever database is in use. The directory of a team is small next to what this costs.
        var index = new PersonIndex();
        var known = await db.People.AsNoTracking()
            .Select(p => new { p.Id, p.GivenName, p.FamilyName, p.Email, p.RegistrationNumber })
            .ToListAsync(cancellationToken);
        foreach (var person in known)
        {
            index.Add(new Target(person.Id, person.GivenName, person.FamilyName, person.Email, person.RegistrationNumber, line: null, created: null));
        }

        await LoadEngagementKeysAsync(rows, index, cancellationToken);

        foreach (var row in rows.Where(r => r.Problems.Count == 0))
        {
            PlanRow(row, index, plan);
        }

        return plan;
    }

    /// <summary>Loads the engagements of the people in the directory whom the file names, in a few batched queries.</summary>
    private async Task LoadEngagementKeysAsync(List<Row> rows, PersonIndex index, CancellationToken cancellationToken)
    {
        var named = rows.Where(r => r.Problems.Count == 0)
            .Select(index.Find)
            .Where(t => t is { New: null })
            .Select(t => t!)
            .DistinctBy(t => t.Id)
            .ToDictionary(t => t.Id);
        foreach (var batch in named.Keys.Chunk(500))
        {
            var keys = await db.Engagements.AsNoTracking()
                .Where(e => batch.Contains(e.PersonId))
                .Select(e => new { e.PersonId, e.Type, e.OrganisationId, e.StartDate })
                .ToListAsync(cancellationToken);
            foreach (var key in keys)
            {
                named[key.PersonId].Engagements.Add(new EngagementKey(key.Type, key.OrganisationId, key.StartDate));
            }
        }
    }

    private static void PlanRow(Row row, PersonIndex index, Plan plan)
    {
        var byEmail = row.Email is { } email ? index.ByEmail.GetValueOrDefault(email) : null;
        var byRegistration = row.RegistrationNumber is { } registration ? index.ByRegistration.GetValueOrDefault(registration) : null;
        if (byEmail is not null && byRegistration is not null && byEmail != byRegistration)
        {
            row.Problems.Add(new ImportProblem(row.Line, TeamCsv.RegistrationNumber,
                $"registration number {row.RegistrationNumber} belongs to {byRegistration.Describe()}, not to the person with e-mail {row.Email}"));
            return;
        }

        var target = index.Find(row);
        if (target is not null && byEmail is null && row.Email is not null && target.Email is not null)
        {
            row.Problems.Add(new ImportProblem(row.Line, TeamCsv.RegistrationNumber,
                $"registration number {row.RegistrationNumber} belongs to {target.Describe()}, whose e-mail is {target.Email}, not {row.Email}"));
            return;
        }

        if (target is { Line: { } firstLine } && !CheckSamePerson(row, target, firstLine, byEmail is not null ? "e-mail " + row.Email : "registration number " + row.RegistrationNumber))
        {
            return;
        }

        if (target is null)
        {
            var person = new Person
            {
                GivenName = row.GivenName,
                FamilyName = row.FamilyName,
                Email = row.Email,
                Phone = row.Phone,
                Discipline = row.Discipline,
                Profession = row.Discipline == DisciplineGroup.Clinician ? row.Profession : null,
                RegistrationBody = row.RegistrationBody,
                RegistrationNumber = row.RegistrationNumber,
            };
            target = new Target(person.Id, person.GivenName, person.FamilyName, person.Email, person.RegistrationNumber, row.Line, person);
            index.Add(target);
            plan.NewPeople.Add(person);
            plan.PeopleCreated++;
        }
        else if (target.New is not null)
        {
            // A later row of someone created from this file may give the identifier an earlier row left out.
            index.FillIn(target, row.Email, row.RegistrationNumber);
        }
        else
        {
            // Later rows may name this person by the identifier this row adds; the directory itself is not changed.
            index.Remember(target, row.Email, row.RegistrationNumber);
            if (!target.Counted)
            {
                target.Counted = true;
                plan.PeopleMatched++;
            }

            var by = byEmail is not null ? "e-mail" : byRegistration is not null ? "registration number" : "name";
            var differs = !SameName(row, target) ? $" (the file names them {row.GivenName} {row.FamilyName})" : "";
            plan.Notes.Add(new ImportNote(row.Line, $"matched existing person {target.Name} by {by}; their details in the directory are kept{differs}"));
        }

        if (!row.HasEngagement)
        {
            return;
        }

        var organisation = row.Organisation!;
        if (!target.Engagements.Add(new EngagementKey(row.Type, organisation.Id, row.StartDate)))
        {
            plan.DuplicatesSkipped++;
            plan.Notes.Add(new ImportNote(row.Line,
                $"skipped: {target.Name} already has this engagement ({TeamLabels.Label(row.Type)}, {organisation.Name}, from {TeamCsv.FormatDate(row.StartDate)})"));
            return;
        }

        var engagement = new Engagement
        {
            PersonId = target.Id,
            Type = row.Type,
            OrganisationId = organisation.Id,
            RoleTitle = row.RoleTitle,
            Fte = row.Fte,
            StartDate = row.StartDate,
            EndDate = row.EndDate,
        };
        if (target.New is { } created)
        {
            created.Engagements.Add(engagement);
        }
        else
        {
            plan.NewEngagements.Add(engagement);
        }

        plan.EngagementsAdded++;
    }

    /// <summary>Rows of one person in one file must agree on who that person is.</summary>
    private static bool CheckSamePerson(Row row, Target target, int firstLine, string identifier)
    {
        if (!string.Equals(row.GivenName, target.GivenName, StringComparison.OrdinalIgnoreCase))
        {
            row.Problems.Add(new ImportProblem(row.Line, TeamCsv.GivenName,
                $"line {firstLine} has {identifier} for {target.Name}; one e-mail address or registration number belongs to one person"));
        }

        if (!string.Equals(row.FamilyName, target.FamilyName, StringComparison.OrdinalIgnoreCase))
        {
            row.Problems.Add(new ImportProblem(row.Line, TeamCsv.FamilyName,
                $"line {firstLine} has {identifier} for {target.Name}; one e-mail address or registration number belongs to one person"));
        }

        if (row.RegistrationNumber is not null && target.RegistrationNumber is not null
            && !string.Equals(row.RegistrationNumber, target.RegistrationNumber, StringComparison.OrdinalIgnoreCase))
        {
            row.Problems.Add(new ImportProblem(row.Line, TeamCsv.RegistrationNumber,
                $"line {firstLine} gives {target.Name} registration number {target.RegistrationNumber}"));
        }

        return row.Problems.Count == 0;
    }

    private static bool SameName(Row row, Target target) =>
        string.Equals(row.GivenName, target.GivenName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(row.FamilyName, target.FamilyName, StringComparison.OrdinalIgnoreCase);

    private sealed record KnownOrganisation(Guid Id, string Name, OrganisationKind Kind);

    private readonly record struct EngagementKey(EngagementType Type, Guid OrganisationId, DateOnly StartDate);

    /// <summary>A person rows can be matched to: one in the directory (<see cref="Line"/> null) or one created by an earlier row.</summary>
    private sealed class Target(Guid id, string givenName, string familyName, string? email, string? registrationNumber, int? line, Person? created)
    {
        public Guid Id { get; } = id;
        public string GivenName { get; } = givenName;
        public string FamilyName { get; } = familyName;
        public string? Email { get; set; } = email;
        public string? RegistrationNumber { get; set; } = registrationNumber;
        /// <summary>The line that created this person, or null for someone already in the directory.</summary>
        public int? Line { get; } = line;
        /// <summary>The person this import creates, or null for someone already in the directory.</summary>
        public Person? New { get; } = created;
        public HashSet<EngagementKey> Engagements { get; } = [];
        public bool Counted { get; set; }
        public string Name => $"{GivenName} {FamilyName}";
        public string Describe() => Line is { } first ? $"{Name} on line {first}" : $"{Name} in the directory";
    }

    /// <summary>
    /// The people rows are matched against, by e-mail, else registration number; someone with neither is matched by
    /// name, and only to someone else with neither, so that a re-import does not add them twice.
    /// </summary>
    private sealed class PersonIndex
    {
        public Dictionary<string, Target> ByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, Target> ByRegistration { get; } = new(StringComparer.OrdinalIgnoreCase);
        private Dictionary<string, Target> ByName { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void Add(Target target)
        {
            if (target.Email is { } email)
            {
                ByEmail.TryAdd(email.Trim(), target);
            }

            if (target.RegistrationNumber is { } registration)
            {
                ByRegistration.TryAdd(registration.Trim(), target);
            }

            if (target.Email is null && target.RegistrationNumber is null)
            {
                ByName.TryAdd(NameKey(target.GivenName, target.FamilyName), target);
            }
        }

        public Target? Find(Row row)
        {
            if (row.Email is { } email && ByEmail.TryGetValue(email, out var byEmail))
            {
                return byEmail;
            }

            if (row.RegistrationNumber is { } registration && ByRegistration.TryGetValue(registration, out var byRegistration))
            {
                return byRegistration;
            }

            return row.Email is null && row.RegistrationNumber is null ? ByName.GetValueOrDefault(NameKey(row.GivenName, row.FamilyName)) : null;
        }

        /// <summary>Lets later rows find someone in the directory by an identifier a row gives them, without recording it.</summary>
        public void Remember(Target target, string? email, string? registration)
        {
            if (email is not null)
            {
                ByEmail.TryAdd(email, target);
            }

            if (registration is not null)
            {
                ByRegistration.TryAdd(registration, target);
            }
        }

        public void FillIn(Target target, string? email, string? registration)
        {
            if (target.New is not { } person)
            {
                return;
            }

            var hadNeither = target.Email is null && target.RegistrationNumber is null;
            if (target.Email is null && email is not null && ByEmail.TryAdd(email, target))
            {
                target.Email = person.Email = email;
            }

            if (target.RegistrationNumber is null && registration is not null && ByRegistration.TryAdd(registration, target))
            {
                target.RegistrationNumber = person.RegistrationNumber = registration;
            }

            if (hadNeither && (target.Email is not null || target.RegistrationNumber is not null))
            {
                ByName.Remove(NameKey(target.GivenName, target.FamilyName));
            }
        }

        private static string NameKey(string given, string family) => $"{given.Trim()}\u001f{family.Trim()}";
    }

    private sealed class Plan
    {
        public List<Person> NewPeople { get; } = [];
        public List<Engagement> NewEngagements { get; } = [];
        public List<ImportNote> Notes { get; } = [];
        public int PeopleCreated { get; set; }
        public int PeopleMatched { get; set; }
        public int EngagementsAdded { get; set; }
        public int DuplicatesSkipped { get; set; }
    }

    /// <summary>One row of the file, its values read and checked on their own (before the directory is consulted).</summary>
    private sealed class Row
    {
        private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
        {
            ["GivenName"] = TeamCsv.GivenName,
            ["FamilyName"] = TeamCsv.FamilyName,
            ["Email"] = TeamCsv.Email,
            ["Discipline"] = TeamCsv.Discipline,
            ["Profession"] = TeamCsv.Profession,
            ["Fte"] = TeamCsv.Fte,
            ["EndDate"] = TeamCsv.EndDate,
        };

        private Row(int line) => Line = line;

        public int Line { get; }
        public List<ImportProblem> Problems { get; } = [];
        public string GivenName { get; private set; } = "";
        public string FamilyName { get; private set; } = "";
        public string? Email { get; private set; }
        public string? Phone { get; private set; }
        public DisciplineGroup Discipline { get; private set; }
        public ClinicalProfession? Profession { get; private set; }
        public string? RegistrationBody { get; private set; }
        public string? RegistrationNumber { get; private set; }
        public bool HasEngagement { get; private set; }
        public EngagementType Type { get; private set; }
        public string? OrganisationName { get; private set; }
        public KnownOrganisation? Organisation { get; set; }
        public string? RoleTitle { get; private set; }
        public decimal Fte { get; private set; }
        public DateOnly StartDate { get; private set; }
        public DateOnly? EndDate { get; private set; }

        public static Row Parse(int line, string[] values, Dictionary<string, int> columns, int expectedCount)
        {
            var row = new Row(line);
            if (values.Length != expectedCount)
            {
                row.Problems.Add(new ImportProblem(line, null, $"the row has {values.Length} values but the header has {expectedCount} columns"));
                return row;
            }

            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].Contains('\uFFFD', StringComparison.Ordinal))
                {
                    var column = columns.FirstOrDefault(c => c.Value == i).Key;
                    row.Problems.Add(new ImportProblem(line, column, "has characters that are not UTF-8; save the file as \"CSV UTF-8\" and import it again"));
                    return row;
                }
            }

            string? Text(string column)
            {
                var value = TeamCsv.Unprotect(values[columns[column]].Trim()).Trim();
                return value.Length == 0 ? null : value;
            }

            string? Limited(string column, int maxLength)
            {
                var value = Text(column);
                if (value is not null && value.Length > maxLength)
                {
                    row.Problems.Add(new ImportProblem(line, column, $"is longer than {maxLength} characters"));
                }

                return value;
            }

            row.GivenName = Limited(TeamCsv.GivenName, 100) ?? "";
            row.FamilyName = Limited(TeamCsv.FamilyName, 100) ?? "";
            var email = Limited(TeamCsv.Email, 256);
            row.Email = PersonRules.NormaliseEmail(email);
            row.Phone = Limited(TeamCsv.Phone, 40);
            row.RegistrationBody = Limited(TeamCsv.RegistrationBody, 40);
            row.RegistrationNumber = Limited(TeamCsv.RegistrationNumber, 40);

            var disciplineKnown = false;
            switch (Text(TeamCsv.Discipline))
            {
                case null:
                    row.Problems.Add(new ImportProblem(line, TeamCsv.Discipline, $"enter the person's discipline group, one of: {TeamCsv.Allowed<DisciplineGroup>()}"));
                    break;
                case var text when TeamCsv.TryParseDiscipline(text, out var discipline):
                    row.Discipline = discipline;
                    disciplineKnown = true;
                    break;
                case var text:
                    row.Problems.Add(new ImportProblem(line, TeamCsv.Discipline, $"'{text}' is not a discipline group; use one of: {TeamCsv.Allowed<DisciplineGroup>()}"));
                    break;
            }

            switch (Text(TeamCsv.Profession))
            {
                case null:
                    break;
                case var text when TeamCsv.TryParseProfession(text, out var profession):
                    row.Profession = profession;
                    break;
                case var text:
                    row.Problems.Add(new ImportProblem(line, TeamCsv.Profession, $"'{text}' is not a clinical profession; use one of: {TeamCsv.Allowed<ClinicalProfession>()}"));
                    break;
            }

            foreach (var problem in PersonRules.Check(row.GivenName, row.FamilyName, email, disciplineKnown ? row.Discipline : DisciplineGroup.Clinician, disciplineKnown ? row.Profession : null))
            {
                row.Problems.Add(new ImportProblem(line, problem.Field is { } field ? ColumnOfField.GetValueOrDefault(field) : null, problem.Message));
            }

            row.HasEngagement = TeamCsv.EngagementColumns.Any(c => Text(c) is not null);
            if (row.HasEngagement)
            {
                row.ParseEngagement(Text, Limited);
            }

            return row;
        }

        private void ParseEngagement(Func<string, string?> text, Func<string, int, string?> limited)
        {
            switch (text(TeamCsv.EngagementType))
            {
                case null:
                    Problems.Add(new ImportProblem(Line, TeamCsv.EngagementType, $"enter the engagement type, one of: {TeamCsv.Allowed<EngagementType>()}"));
                    break;
                case var value when TeamCsv.TryParseEngagementType(value, out var type):
                    Type = type;
                    break;
                case var value:
                    Problems.Add(new ImportProblem(Line, TeamCsv.EngagementType, $"'{value}' is not an engagement type; use one of: {TeamCsv.Allowed<EngagementType>()}"));
                    break;
            }

            OrganisationName = limited(TeamCsv.Organisation, 200);
            if (OrganisationName is null)
            {
                Problems.Add(new ImportProblem(Line, TeamCsv.Organisation, "enter the organisation the person is employed by, seconded from or works for"));
            }

            RoleTitle = limited(TeamCsv.RoleTitle, 200);

            var fteKnown = false;
            var fteText = text(TeamCsv.Fte);
            if (fteText is null)
            {
                Problems.Add(new ImportProblem(Line, TeamCsv.Fte, "enter the full-time equivalent, e.g. 0.5 (1 is full time)"));
            }
            else if (!TeamCsv.TryParseFte(fteText, out var fte))
            {
                Problems.Add(new ImportProblem(Line, TeamCsv.Fte, $"'{fteText}' is not a number"));
            }
            else if (fte != Math.Round(fte, 2))
            {
                Problems.Add(new ImportProblem(Line, TeamCsv.Fte, $"'{fteText}' has more than two decimal places"));
            }
            else
            {
                Fte = fte;
                fteKnown = true;
            }

            var startKnown = false;
            switch (text(TeamCsv.StartDate))
            {
                case null:
                    Problems.Add(new ImportProblem(Line, TeamCsv.StartDate, "enter the date the engagement started (yyyy-MM-dd)"));
                    break;
                case var value when TeamCsv.TryParseDate(value, out var start):
                    StartDate = start;
                    startKnown = true;
                    break;
                case var value:
                    Problems.Add(new ImportProblem(Line, TeamCsv.StartDate, $"'{value}' is not a date (write dates as yyyy-MM-dd)"));
                    break;
            }

            var endKnown = true;
            switch (text(TeamCsv.EndDate))
            {
                case null:
                    break;
                case var value when TeamCsv.TryParseDate(value, out var end):
                    EndDate = end;
                    break;
                case var value:
                    Problems.Add(new ImportProblem(Line, TeamCsv.EndDate, $"'{value}' is not a date (write dates as yyyy-MM-dd)"));
                    endKnown = false;
                    break;
            }

            if (fteKnown && startKnown && endKnown)
            {
                foreach (var problem in PersonRules.CheckEngagement(Fte, StartDate, EndDate))
                {
                    Problems.Add(new ImportProblem(Line, problem.Field is { } field ? ColumnOfField.GetValueOrDefault(field) : null, problem.Message));
                }
            }
            else if (fteKnown && Fte is < 0 or > 1.5m)
            {
                // The range check still applies when a date is wrong, so one pass over the file shows every problem.
                Problems.AddRange(PersonRules.CheckEngagement(Fte, default, null).Select(p => new ImportProblem(Line, TeamCsv.Fte, p.Message)));
            }
        }
    }
}
