using System.Text.Json;
using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Audit;

/// <summary>
/// Removes audit entries past their own retention (access records and the rest have their own periods), wherever they
/// are in the chain. Each purge is itself recorded, in the same transaction, as an <c>audit.purge</c> entry listing the
/// runs of consecutive sequence numbers it removed with the hash of each run's last entry: the verifier steps over a
/// gap only if purge entries account for it, and continues from that hash, so the chain stays verifiable and a row
/// deleted behind the application's back is still named. Purge entries themselves are never removed.
/// </summary>
public sealed partial class AuditRetention(PlatformDbContext db, AuditTrail audit, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditRetention> logger)
{
    public const string PurgeAction = "audit.purge";

    /// <summary>Keeps one purge entry a few hundred kilobytes at most; the rest waits for the next purge.</summary>
    public const int MaxRunsPerPurge = 5_000;

    /// <summary>Sequences <see cref="From"/> to <see cref="To"/> were removed; the entry after <see cref="To"/> links to <see cref="LastHash"/>.</summary>
    public sealed record Run(long From, long To, string LastHash);

    /// <summary>What a purge entry records.</summary>
    public sealed record Purge(IReadOnlyList<Run> Runs, long Removed, DateTime AccessCutoff, DateTime OtherCutoff);

    public async Task<Purge?> PurgeAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        var now = time.GetUtcNow().UtcDateTime;
        var accessCutoff = now - retention.AccessRecords;
        var otherCutoff = now - retention.OtherRecords;

        var runs = new List<Run>();
        long removed = 0;
        (long From, long To, string Hash)? open = null;
        await foreach (var e in db.AuditEntries.AsNoTracking().Where(a => a.Time < accessCutoff).OrderBy(a => a.Sequence)
                           .Select(a => new { a.Sequence, a.Time, a.Action, a.Hash }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var expired = e.Action != PurgeAction && e.Time < (retention.IsAccess(e.Action) ? accessCutoff : otherCutoff);
            if (expired && open is { } o && e.Sequence == o.To + 1)
            {
                open = (o.From, e.Sequence, e.Hash);
                removed++;
                continue;
            }

            if (open is { } closed)
            {
                runs.Add(new Run(closed.From, closed.To, closed.Hash));
                open = null;
                if (runs.Count == MaxRunsPerPurge)
                {
                    break;
                }
            }

            if (expired)
            {
                open = (e.Sequence, e.Sequence, e.Hash);
                removed++;
            }
        }

        if (open is { } last && runs.Count < MaxRunsPerPurge)
        {
            runs.Add(new Run(last.From, last.To, last.Hash));
        }

        if (runs.Count == 0)
        {
            return null;
        }

        removed = runs.Sum(r => r.To - r.From + 1);
        var purge = new Purge(runs, removed, accessCutoff, otherCutoff);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var run in runs)
            {
                await db.AuditEntries.Where(a => a.Sequence >= run.From && a.Sequence <= run.To).ExecuteDeleteAsync(cancellationToken);
            }

            await audit.RecordAsync(db, AuditActor.System, PurgeAction, "audit", "trail", newValues: purge,
                reason: $"retention: access records {retention.AccessRecords.TotalDays} days, other records {retention.OtherRecords.TotalDays} days",
                cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.WriteHeadAsync(db, cancellationToken);
        LogPurged(removed, runs.Count);
        return purge;
    }

    /// <summary>Every run removed by the purges recorded in the chain, by first sequence number.</summary>
    public static async Task<Dictionary<long, Run>> RemovedRunsAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var runs = new Dictionary<long, Run>();
        await foreach (var json in db.AuditEntries.AsNoTracking().Where(a => a.Action == PurgeAction).OrderBy(a => a.Sequence).Select(a => a.NewValues)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            try
            {
                foreach (var run in (json is null ? null : JsonSerializer.Deserialize<Purge>(json, AuditJson.Options))?.Runs ?? [])
                {
                    runs.TryAdd(run.From, run);
                }
            }
            catch (JsonException)
            {
                // An edited purge entry fails its own hash check in the walk.
            }
        }

        return runs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit retention: removed {Removed} entries in {Runs} runs")]
    private partial void LogPurged(long removed, int runs);
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
