using System.Diagnostics;
using ColdChain.Production.Tests.Compose;

namespace ColdChain.Production.Tests.Backups;

/// <summary>Runs <c>deploy/backup/coldchain-backup.sh</c> as an operator would, with its settings in the environment.</summary>
internal static class BackupScript
{
    public sealed record Run(int ExitCode, string StandardOutput, string StandardError, TimeSpan Took);

    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Repository.PathOf("deploy/backup/coldchain-backup.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var started = TimeProvider.System.GetTimestamp();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, (await output).Trim(), await error, TimeProvider.System.GetElapsedTime(started));
    }
}
