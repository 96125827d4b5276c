using LearningHealth.Hosting;

namespace LearningHealth.Teams.Import;

/// <summary>What an import does when some rows are invalid.</summary>
public enum ImportMode
{
    /// <summary>Write nothing unless every row is valid (the default).</summary>
    AllOrNothing,
    /// <summary>Write the valid rows and report the others.</summary>
    ValidRowsOnly,
}

/// <summary>
/// Something wrong with one line of an imported file: the line number in the file (the header is line 1), the column
/// it concerns (none when it concerns the whole row or the whole file) and a plain reason.
/// </summary>
public sealed record ImportProblem(int? Line, string? Column, string Reason)
{
    public override string ToString() => (Line, Column) switch
    {
        (null, _) => Reason,
        (_, null) => $"line {Line}: {Reason}",
        _ => $"line {Line}, column {Column}: {Reason}",
    };

    /// <summary>As a <see cref="Problem"/>, for a page that shows problems the usual way.</summary>
    public Problem ToProblem() => new(ToString(), Column);
}

/// <summary>Something an import did with a row that is worth knowing but is not a problem, e.g. that it matched someone already in the directory.</summary>
public sealed record ImportNote(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>
/// The report of an import. The counts say what was written: all zero (but <see cref="RowsRejected"/>) when
/// the import was refused. <see cref="RowsValid"/> says how many rows passed the checks either way.
/// </summary>
public sealed record ImportResult(
    int RowsRead,
    int RowsValid,
    int RowsRejected,
    int PeopleCreated,
    int PeopleMatched,
    int EngagementsAdded,
    int DuplicatesSkipped,
    IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<ImportNote> Notes)
{
    /// <summary>Whether nothing was written because of the problems (in <see cref="ImportMode.AllOrNothing"/>, or a file that could not be read).</summary>
    public bool Refused { get; init; }

    /// <summary>Whether the import added anyone or anything to the directory.</summary>
    public bool WroteAnything => PeopleCreated > 0 || EngagementsAdded > 0;

    /// <summary>One line with the counts, for the command line and the import page.</summary>
    public string Summary => Refused
        ? RowsRejected > 0 ? $"Nothing imported: {RowsRejected} of {RowsRead} rows rejected." : "Nothing imported."
        : $"{PeopleCreated} people created, {PeopleMatched} matched existing people, {EngagementsAdded} engagements added, "
          + $"{DuplicatesSkipped} duplicates skipped, {RowsRejected} rows rejected.";

    internal static ImportResult FileProblem(params ImportProblem[] problems) =>
        new(0, 0, 0, 0, 0, 0, 0, problems, []) { Refused = true };
}
