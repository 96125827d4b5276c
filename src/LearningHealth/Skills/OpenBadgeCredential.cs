using System.Globalization;
using System.Text.Json.Nodes;
using LearningHealth.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LearningHealth.Skills;

/// <summary>
/// A person's confirmed, unexpired competencies as an Open Badges 3.0 achievement credential (a W3C Verifiable
/// Credential of type OpenBadgeCredential): an achievement aligned to each competency, with the ratings as evidence.
/// It is NOT signed: it carries no proof, and says so, so it must not be presented as verifiable.
/// </summary>
public sealed class OpenBadgeCredential(AppDbContext db, TimeProvider clock)
{
    public async Task<JsonObject?> HandleAsync(Guid personId, string baseUrl, CancellationToken cancellationToken = default)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.GivenName, p.FamilyName }).FirstOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return null;
        }

        var today = SkillFacts.Today(clock);
        var confirmed = (await db.Assessments.AsNoTracking()
            .Where(a => a.PersonId == personId && a.Status == AssessmentStatus.Confirmed && (a.ValidUntil == null || a.ValidUntil >= today))
            .Select(a => new { a.Id, a.Level, a.AssessedOn, a.ValidUntil, a.EvidenceNote, a.ReviewedByName, a.Competency!.Code, a.Competency.Name, a.Competency.Framework!.Key, FrameworkName = a.Competency.Framework.Name, a.Competency.Framework.VersionNumber, a.Competency.Framework.Levels })
            .ToListAsync(cancellationToken))
            .GroupBy(a => (a.Key, a.Code)).Select(g => g.MaxBy(a => a.AssessedOn)!)
            .OrderBy(a => a.Key, StringComparer.Ordinal).ThenBy(a => a.Code, StringComparer.Ordinal).ToList();

        var root = baseUrl.TrimEnd('/');
        var now = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var alignment = new JsonArray(confirmed.Select(a => (JsonNode)new JsonObject
        {
            ["type"] = new JsonArray("Alignment"),
            ["targetType"] = "CFItem",
            ["targetCode"] = a.Code,
            ["targetName"] = a.Name,
            ["targetFramework"] = $"{a.FrameworkName} (version {a.VersionNumber})",
            ["targetUrl"] = $"{root}/skills/frameworks/{a.Key}?version={a.VersionNumber}#{Uri.EscapeDataString(a.Code)}",
            ["targetDescription"] = $"Level {a.Level} {a.Levels.FirstOrDefault(l => l.Number == a.Level)?.Name}".TrimEnd(),
        }).ToArray());
        var evidence = new JsonArray(confirmed.Select(a => (JsonNode)new JsonObject
        {
            ["id"] = $"urn:uuid:{a.Id}",
            ["type"] = new JsonArray("Evidence"),
            ["name"] = $"{a.Code} {a.Name}: level {a.Level}",
            ["description"] = $"Assessed {a.AssessedOn:yyyy-MM-dd}, confirmed by {a.ReviewedByName ?? "an assessor"}, valid until {(a.ValidUntil is { } u ? u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "no expiry")}."
                + (string.IsNullOrEmpty(a.EvidenceNote) ? "" : " " + a.EvidenceNote),
        }).ToArray());

        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = $"urn:uuid:{FrameworkRules.StableId($"badge:{personId}:{now}")}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = $"Confirmed competencies of {person.GivenName} {person.FamilyName}",
            ["description"] = "UNSIGNED: this credential has no proof and cannot be verified. It lists the competencies an assessor has confirmed and that have not expired.",
            ["issuer"] = new JsonObject { ["id"] = root, ["type"] = new JsonArray("Profile"), ["name"] = "LearningHealth" },
            ["validFrom"] = now,
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject", ["identityHash"] = $"{person.GivenName} {person.FamilyName}", ["identityType"] = "name", ["hashed"] = false,
                }),
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"{root}/skills/people/{personId}",
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Competency",
                    ["name"] = "Confirmed Learning Health System competencies",
                    ["description"] = "Competencies confirmed by an assessor in LearningHealth.",
                    ["criteria"] = new JsonObject { ["narrative"] = "A rating confirmed by an assessor (not the person themselves) that has not expired." },
                    ["alignment"] = alignment,
                },
            },
            ["evidence"] = evidence,
            ["unsigned"] = true,
        };
    }
}
