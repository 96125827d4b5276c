using LearningHealth.Identity;
using LearningHealth.Skills;
using LearningHealth.Tests.Infrastructure;
using LearningHealth.Tests.Skills;

namespace LearningHealth.Tests.Feedback;

/// <summary>Clinicians with sign-in accounts (notifications need a real user) for the acting-on-feedback tests.</summary>
internal static class ActingFixtures
{
    public const string Indicator = "rti-antibiotics";

    public static async Task<Actor> ClinicianAsync(this TestServices app, string given)
    {
        var person = await app.PersonAsync(given);
        var user = await app.Get<CreateUser>().HandleAsync(
            new CreateUserCommand($"{given.ToLowerInvariant()}.{Guid.NewGuid():N}@example.test", person.Name, [Roles.Clinician], null, person.PersonId));
        Assert.True(user.Succeeded, string.Join(" ", user.Problems.Select(p => p.Message)));
        return person with { UserId = user.Value!.Id };
    }

    public static async Task<Actor> AnalystAsync(this TestServices app)
    {
        var user = await app.Get<CreateUser>().HandleAsync(new CreateUserCommand($"analyst.{Guid.NewGuid():N}@example.test", "Ana Lyst", [Roles.Analyst]));
        Assert.True(user.Succeeded, string.Join(" ", user.Problems.Select(p => p.Message)));
        return new Actor(user.Value!.Id, "Ana Lyst", null);
    }
}
