namespace LearningHealth.Demo;

/// <summary>A demo account and the password generated for it at this start-up.</summary>
public sealed record DemoCredential(string Role, string Email, string Name, string Password);

/// <summary>What the last demo seed produced. Held by the host so it can print the credentials and tests can sign in.</summary>
public sealed class DemoCredentials
{
    public IReadOnlyList<DemoCredential> Accounts { get; set; } = [];

    public DemoCredential For(string role) =>
        Accounts.FirstOrDefault(a => a.Role == role) ?? throw new InvalidOperationException($"No demo account for role {role}.");
}
