using System.CommandLine;
using LearningHealth.Audit;
using LearningHealth.Identity;
using LearningHealth.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LearningHealth.Cli.Commands;

/// <summary><c>lhs users ...</c>: accounts, chiefly to create the first Admin of a new installation.</summary>
internal static class UserCommands
{
    public static Command Create(CliContext context)
    {
        var email = new Option<string>("--email") { Description = "The person's e-mail address, used to sign in", Required = true };
        var name = new Option<string>("--name") { Description = "The person's name", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = $"A role to give (repeat for several): {string.Join(", ", Roles.All)}",
            AllowMultipleArgumentsPerToken = false,
        };
        var add = new Command("add", "Create an account and print its generated password (shown once)") { email, name, roles };
        add.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            var outcome = await scope.ServiceProvider.GetRequiredService<CreateUser>()
                .HandleAsync(new CreateUserCommand(parse.GetValue(email)!, parse.GetValue(name)!, parse.GetValue(roles) ?? []), AuditActor.CommandLine);
            if (!outcome.Succeeded)
            {
                await context.Error.WriteLineAsync($"lhs: {string.Join(" ", outcome.Problems.Select(p => p.Message))}");
                return 1;
            }

            await context.Output.WriteLineAsync($"Created {outcome.Value!.Email}. Password (shown once): {outcome.Value.Password}");
            return 0;
        }));

        var list = new Command("list", "List accounts with their roles");
        list.SetAction((parse, cancellationToken) => context.RunAsync(async () =>
        {
            await using var services = context.Services(parse);
            await using var scope = services.CreateAsyncScope();
            foreach (var user in await scope.ServiceProvider.GetRequiredService<ListUsers>().HandleAsync(cancellationToken))
            {
                await context.Output.WriteLineAsync($"{user.Email,-40} {string.Join(",", user.Roles),-30} {(user.LockedOut ? "locked out" : "active")}");
            }

            return 0;
        }));

        return new Command("users", "Sign-in accounts") { add, list };
    }
}
