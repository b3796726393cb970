using System.Text.Json;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Audit;

/// <summary>
/// Removes audit entries past their retention, from the start of the chain only. The removal is itself recorded, in
/// the same transaction, as an <c>audit.purge</c> entry naming the last removed sequence and its hash (the anchor):
/// the verifier starts the walk there, and any further row missing at the start is still named.
/// </summary>
public sealed partial class AuditRetention(PlatformDbContext db, AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
{
    public const string PurgeAction = "audit.purge";

    /// <summary>What a purge entry records: the anchor the remaining chain hangs from.</summary>
    public sealed record Anchor(long PurgedThrough, string AnchorHash, long Removed, DateTime AccessCutoff, DateTime OtherCutoff);

    public async Task<Anchor?> PurgeAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        var now = time.GetUtcNow().UtcDateTime;
        var accessCutoff = now - retention.AccessRecords;
        var otherCutoff = now - retention.OtherRecords;

        // The longest prefix of the chain in which every entry is past its own retention.
        long through = 0;
        string? anchorHash = null;
        long removed = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).Select(a => new { a.Sequence, a.Time, a.Action, a.Hash })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (e.Time >= (retention.IsAccess(e.Action) ? accessCutoff : otherCutoff))
            {
                break;
            }

            (through, anchorHash) = (e.Sequence, e.Hash);
            removed++;
        }

        if (anchorHash is null)
        {
            return null;
        }

        var anchor = new Anchor(through, anchorHash, removed, accessCutoff, otherCutoff);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.AuditEntries.Where(a => a.Sequence <= through).ExecuteDeleteAsync(cancellationToken);
            await audit.RecordAsync(db, AuditActor.System, PurgeAction, "audit", "trail", newValues: anchor,
                reason: $"retention: access records {retention.AccessRecords.TotalDays} days, other records {retention.OtherRecords.TotalDays} days",
                cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.WriteHeadAsync(db, cancellationToken);
        LogPurged(removed, through);
        return anchor;
    }

    /// <summary>The anchor of the latest purge recorded in the chain, or null if none.</summary>
    public static async Task<Anchor?> LatestAnchorAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var json = await db.AuditEntries.AsNoTracking().Where(a => a.Action == PurgeAction).OrderByDescending(a => a.Sequence).Select(a => a.NewValues).FirstOrDefaultAsync(cancellationToken);
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<Anchor>(json, AuditJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: removed {Removed} entries through sequence {Through}")]
    private partial void LogPurged(long removed, long through);
}

/// <summary>Runs <see cref="AuditRetention.PurgeAsync"/> once a day when <c>Audit:Retention:PurgeDaily</c> is on.</summary>
public sealed partial class DailyAuditPurge(IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider time, ILogger<DailyAuditPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Retention.PurgeDaily)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditRetention>().PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                LogFailed(e.Message);
            }

            await Task.Delay(TimeSpan.FromDays(1), time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit retention purge failed; retrying tomorrow: {Reason}")]
    private partial void LogFailed(string reason);
}
