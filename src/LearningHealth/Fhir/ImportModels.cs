namespace LearningHealth.Fhir;

/// <summary>How <see cref="FhirImporter"/> reads and commits.</summary>
public sealed record ImportOptions
{
    /// <summary>Lines (resources and quarantined lines) committed per transaction.</summary>
    public int BatchSize { get; init; } = 20_000;

    /// <summary>Lines longer than this are quarantined without being held in memory.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>How much of a bad line's text the quarantine record keeps, in characters.</summary>
    public int QuarantineRawLimit { get; init; } = 2_000;
}

/// <summary>Where an import is, for a progress display.</summary>
/// <param name="File">The file being read.</param>
/// <param name="FileIndex">Its position in the import, from 0.</param>
/// <param name="FileCount">How many files the import reads.</param>
/// <param name="BytesRead">Bytes of all files read so far (compressed bytes for .gz files).</param>
/// <param name="BytesTotal">Bytes of all files.</param>
/// <param name="Resources">Resources read so far.</param>
/// <param name="Batches">Batches committed so far.</param>
public readonly record struct ImportProgress(string File, int FileIndex, int FileCount, long BytesRead, long BytesTotal, long Resources, int Batches);

/// <summary>What happened to one file.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Status">imported, resumed, skipped (already imported, unchanged) or failed.</param>
/// <param name="Resources">Resources read from it in this run.</param>
/// <param name="Quarantined">Lines or entries quarantined in this run.</param>
/// <param name="Error">Why the file could not be read to its end, if it could not.</param>
public sealed record ImportedFile(string Path, string Status, long Resources, long Quarantined, string? Error);

/// <summary>The result of an import.</summary>
public sealed record ImportSummary(
    IReadOnlyList<ImportedFile> Files,
    IReadOnlyDictionary<string, long> ResourcesByType,
    long Written,
    long Unchanged,
    long Quarantined,
    long ReferencesResolved,
    long ReferencesUnresolved,
    string QuarantineFile,
    TimeSpan Elapsed)
{
    /// <summary>Resources read in this run (written or not).</summary>
    public long Resources => ResourcesByType.Values.Sum();
}
