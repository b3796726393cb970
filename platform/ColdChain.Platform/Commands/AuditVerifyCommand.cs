using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;

namespace ColdChain.Platform.Commands;

/// <summary><c>audit verify</c>: exit 0 when the chain is intact, 1 naming the first broken entry.</summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = PlatformApp.CreateForCommand(args);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var result = await AuditVerifier.VerifyAsync(db, cancellationToken);
        if (result.Intact)
        {
            await output.WriteLineAsync($"audit trail intact: {result.Checked} entries verified");
            return 0;
        }

        await output.WriteLineAsync($"audit trail BROKEN at entry {result.BrokenAt}: {result.Problem} ({result.Checked} entries before it verified)");
        return 1;
    }
}
