using System.Security.Claims;
using LearningHealth.Identity;
using LearningHealth.Security;
using LearningHealth.Skills;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace LearningHealth.Web.Pages.Skills;

/// <summary>What the skills pages share: who is signed in, and words for levels and statuses.</summary>
public static class SkillsPages
{
    public static async Task<Actor> ActorAsync(UserManager<AppUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        return new Actor(user?.Id ?? principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", user?.DisplayName ?? principal.Identity?.Name ?? "", user?.PersonId);
    }

    public static async Task<bool> IsAssessorAsync(IAuthorizationService authorization, ClaimsPrincipal principal) =>
        (await authorization.AuthorizeAsync(principal, Policies.AssessSkills)).Succeeded;

    public static string Describe(AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => "Draft (only you can see it)",
        AssessmentStatus.Submitted => "Waiting for an assessor",
        AssessmentStatus.Confirmed => "Confirmed",
        AssessmentStatus.Withdrawn => "Withdrawn (a newer rating was submitted)",
        _ => "Returned",
    };

    public static string Describe(GapKind kind) => kind switch
    {
        GapKind.Missing => "Not rated",
        GapKind.Below => "Below the level needed",
        _ => "Met by a self-rating, not yet confirmed",
    };

    public static string Describe(ActivityKind kind) => kind switch
    {
        ActivityKind.ELearning => "E-learning",
        ActivityKind.ProjectWork => "Project work",
        ActivityKind.TeachingOthers => "Teaching others",
        _ => kind.ToString(),
    };

    public static string Describe(CrosswalkRelation relation, bool incoming) => (relation, incoming) switch
    {
        (CrosswalkRelation.ExactMatch, _) => "Same as",
        (CrosswalkRelation.Broader, false) or (CrosswalkRelation.Narrower, true) => "Part of",
        (CrosswalkRelation.Narrower, false) or (CrosswalkRelation.Broader, true) => "Includes",
        _ => "Related to",
    };

    /// <summary>CSS class for a level cell: colour backs up the number, never replaces it.</summary>
    public static string LevelClass(int? level) => level is { } l ? $"level level-{l}" : "level level-none";
}
