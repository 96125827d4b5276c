using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Audit;

/// <summary>The result of checking the audit log's hash chain.</summary>
/// <param name="Entries">Entries checked.</param>
/// <param name="FirstBroken">The sequence number of the first entry that fails, or null when the chain is whole.</param>
/// <param name="Problem">What is wrong with it, in words.</param>
public sealed record AuditVerification(long Entries, long? FirstBroken, string? Problem)
{
    public bool Intact => FirstBroken is null;
}

/// <summary>
/// Appends to and checks the tamper-evident audit log. Each entry's hash is SHA-256 over its fields and the previous
/// entry's hash (a hash chain, as in RFC 6962's append-only logs, simplified to a list), so any edit, insertion or
/// deletion in the middle of the log is found by <see cref="VerifyAsync"/>. The log is written through its own
/// database context so that recording an event never saves, or is lost with, the caller's unsaved changes.
/// </summary>
public sealed class AuditLog(DbContextOptions<AppDbContext> options, TimeProvider clock)
{
    private const int Attempts = 8;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Appends one entry; retries when another process appended the same sequence number first.</summary>
    public async Task<AuditEntry> RecordAsync(string action, string? actorUserId, string actorName, string subject, string details = "",
        CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = new AppDbContext(options);
                var last = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
                var entry = new AuditEntry
                {
                    Sequence = (last?.Sequence ?? 0) + 1,
                    At = Truncate(clock.GetUtcNow().UtcDateTime),
                    Action = Clip(action, 80),
                    ActorUserId = actorUserId,
                    ActorName = Clip(actorName, 256),
                    Subject = Clip(subject, 500),
                    Details = Clip(details, 4000),
                    PreviousHash = last?.Hash ?? "",
                };
                entry.Hash = HashOf(entry);
                db.AuditLog.Add(entry);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return entry;
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    // Another process took this sequence number: read the new end of the chain and try again.
                    await Task.Delay(10 * attempt, cancellationToken);
                }
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Appends one entry for <paramref name="actor"/>.</summary>
    public Task<AuditEntry> RecordAsync(string action, AuditActor actor, string subject, string details = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return RecordAsync(action, actor.UserId, actor.Name, subject, details, cancellationToken);
    }

    /// <summary>Checks every entry in order: numbering without gaps, each link to the previous hash, each own hash.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = new AppDbContext(options);
        long expected = 1;
        var previous = "";
        await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expected)
            {
                return new AuditVerification(expected - 1, expected, $"entry {expected} is missing (next is {entry.Sequence})");
            }

            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return new AuditVerification(expected - 1, entry.Sequence, $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1} (its link hash differs)");
            }

            if (!string.Equals(entry.Hash, HashOf(entry), StringComparison.Ordinal))
            {
                return new AuditVerification(expected - 1, entry.Sequence, $"entry {entry.Sequence} was changed after it was written (its hash differs)");
            }

            previous = entry.Hash;
            expected++;
        }

        return new AuditVerification(expected - 1, null, null);
    }

    /// <summary>The entry's hash: SHA-256 (hex) over its fields, one per line, ending with the previous hash.</summary>
    public static string HashOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = string.Join('\n',
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            entry.Action, entry.ActorUserId ?? "", entry.ActorName, entry.Subject, entry.Details, entry.PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    // PostgreSQL keeps microseconds; truncating before hashing makes the stored time hash the same as the written one.
    private static DateTime Truncate(DateTime at) => new(at.Ticks - (at.Ticks % 10), DateTimeKind.Utc);

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
