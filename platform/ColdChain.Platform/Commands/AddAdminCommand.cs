using System.Text;
using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using ColdChain.Platform.Identity;

namespace ColdChain.Platform.Commands;

/// <summary>
/// <c>users add-admin &lt;email&gt;</c>: the only way to the first admin, so a production start has no default
/// password. Prompts for the password (not echoed at a terminal; one line from standard input otherwise).
/// </summary>
public static class AddAdminCommand
{
    public static async Task<int> RunAsync(string email, string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = PlatformApp.CreateForCommand(args);
        await using var scope = app.Services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider, cancellationToken);

        await output.WriteAsync($"Password for {email} (at least {PasswordPolicy.MinimumLength} characters, rated strong): ");
        var password = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected ? ReadHidden() : await input.ReadLineAsync(cancellationToken);
        await output.WriteLineAsync();
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("no password given");
            return 1;
        }

        var users = scope.ServiceProvider.GetRequiredService<PlatformUsers>();
        var actor = new AuditActor(AuditActor.SystemKind, $"command-line ({Environment.UserName})", null);
        var (user, errors) = await users.CreateAsync(email, email, Roles.Admin, password, actor, cancellationToken);
        if (user is null)
        {
            await output.WriteLineAsync($"admin not created: {string.Join(" ", errors)}");
            return 1;
        }

        await output.WriteLineAsync($"admin {email} created (id {user.Id})");
        return 0;
    }

    private static string ReadHidden()
    {
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        return password.ToString();
    }
}
