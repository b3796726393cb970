using ColdChain.Platform.Audit;
using ColdChain.Platform.Data;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Commands;

/// <summary><c>audit verify</c>: exit 0 when the chain is intact, 1 naming the first broken entry (also at the tail, against the head file).</summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = PlatformApp.CreateForCommand(args);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var headFile = scope.ServiceProvider.GetRequiredService<IOptions<AuditOptions>>().Value.HeadFile!;
        var head = AuditHead.Read(headFile);
        if (head is null)
        {
            await output.WriteLineAsync($"warning: no head file at {headFile}: entries deleted at the end of the trail cannot be detected");
        }

        var result = await AuditVerifier.VerifyAsync(db, head, cancellationToken);
        if (result.Intact)
        {
            await output.WriteLineAsync($"audit trail intact: {result.Checked} entries verified{(head is null ? string.Empty : $", up to the head (entry {head.Sequence})")}");
            return 0;
        }

        await output.WriteLineAsync($"audit trail BROKEN at entry {result.BrokenAt}: {result.Problem} ({result.Checked} entries before it verified)");
        return 1;
    }
}

/// <summary><c>audit purge</c>: removes entries past their retention (<c>Audit:Retention</c>), keeping the chain verifiable.</summary>
public static class AuditPurgeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = PlatformApp.CreateForCommand(args);
        await using var scope = app.Services.CreateAsyncScope();
        var purge = await scope.ServiceProvider.GetRequiredService<AuditRetention>().PurgeAsync(cancellationToken);
        await output.WriteLineAsync(purge is null
            ? "audit purge: nothing is past its retention"
            : $"audit purge: removed {purge.Removed} entries in {purge.Runs.Count} runs (recorded in the chain, which stays verifiable)");
        return 0;
    }
}
