namespace ColdChain.Platform.Commands;

/// <summary>
/// The command line: <c>audit verify</c>, <c>audit purge</c>, <c>users add-admin &lt;email&gt;</c>, or (anything else) run the platform.
/// Configuration switches (<c>--DataDirectory=…</c>, <c>--Database:…</c>) work for the commands too.
/// </summary>
public static class PlatformCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case ["audit", "verify", .. var rest]:
                return await AuditVerifyCommand.RunAsync(rest, Console.Out, CancellationToken.None);
            case ["audit", "purge", .. var rest]:
                return await AuditPurgeCommand.RunAsync(rest, Console.Out, CancellationToken.None);
            case ["users", "add-admin", var email, .. var rest] when !email.StartsWith("--", StringComparison.Ordinal):
                return await AddAdminCommand.RunAsync(email, rest, Console.In, Console.Out, CancellationToken.None);
            case ["audit" or "users", ..]:
                await Console.Error.WriteLineAsync("usage: audit verify | audit purge | users add-admin <email>   [--DataDirectory=… | --Database:Provider=Postgres --Database:ConnectionString=…]");
                return 2;
            default:
                await PlatformApp.Create(args).RunAsync();
                return 0;
        }
    }
}
