using Microsoft.AspNetCore.Identity;

namespace LearningHealth.Identity;

/// <summary>A sign-in account. It may be linked to the <see cref="Teams.Person"/> it belongs to.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public Guid? PersonId { get; set; }
}
