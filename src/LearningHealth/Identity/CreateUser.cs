using System.Security.Cryptography;
using LearningHealth.Audit;
using LearningHealth.Hosting;
using Microsoft.AspNetCore.Identity;

namespace LearningHealth.Identity;

public sealed record CreateUserCommand(string Email, string DisplayName, IReadOnlyList<string> Roles, string? Password = null, Guid? PersonId = null);

/// <summary>The new account, and the password to give its owner when one was generated.</summary>
public sealed record CreatedUser(string Id, string Email, string Password);

/// <summary>Creates a sign-in account. With no password given, a strong one is generated and returned once.</summary>
public sealed class CreateUser(UserManager<AppUser> users, AuditLog audit)
{
    /// <summary>Creates the account and records it, with its roles, in the audit log as done by <paramref name="actor"/> (the app itself when not given).</summary>
    public async Task<Outcome<CreatedUser>> HandleAsync(CreateUserCommand command, AuditActor? actor = null)
    {
        var problems = new List<Problem>();
        var email = command.Email.Trim();
        if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal))
        {
            problems.Add(new Problem("Enter an e-mail address, like name@example.org.", nameof(command.Email)));
        }

        if (string.IsNullOrWhiteSpace(command.DisplayName))
        {
            problems.Add(new Problem("Enter the person's name.", nameof(command.DisplayName)));
        }

        var unknown = command.Roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add(new Problem($"Unknown role {string.Join(", ", unknown)}. Roles are: {string.Join(", ", Roles.All)}.", nameof(command.Roles)));
        }

        if (problems.Count > 0)
        {
            return Outcome<CreatedUser>.Fail(problems);
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return new Problem($"An account for {email} already exists.", nameof(command.Email), ProblemKind.Conflict);
        }

        var password = command.Password ?? GeneratePassword();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = command.DisplayName.Trim(), PersonId = command.PersonId };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Outcome<CreatedUser>.Fail(created.Errors.Select(e => new Problem(e.Description, e.Code.Contains("Password", StringComparison.Ordinal) ? "Password" : null)));
        }

        if (command.Roles.Count > 0)
        {
            var added = await users.AddToRolesAsync(user, command.Roles.Distinct());
            if (!added.Succeeded)
            {
                await users.DeleteAsync(user);
                return Outcome<CreatedUser>.Fail(added.Errors.Select(e => new Problem(e.Description)));
            }
        }

        await audit.RecordAsync(AuditActions.UserCreated, actor ?? AuditActor.System, $"user:{email}",
            $"roles: {(command.Roles.Count == 0 ? "none" : string.Join(", ", command.Roles.Distinct().Order(StringComparer.Ordinal)))}");
        return Outcome<CreatedUser>.Ok(new CreatedUser(user.Id, email, password));
    }

    /// <summary>Four groups of five characters from an alphabet without look-alike characters: about 100 bits.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 5));
        return string.Join('-', groups);
    }
}
