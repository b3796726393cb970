using ColdChain.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ColdChain.Platform.Shipments.Notifications;

/// <summary>
/// Sends queued breach notices and records every attempt on its row: delivered, or retried with a doubling delay,
/// or — after the last attempt — abandoned (kept, never deleted). Survives restarts: the queue is the table.
/// </summary>
public sealed partial class BreachNoticeWorker(IServiceScopeFactory scopes, TimeProvider time, IOptions<ShipmentsOptions> options, ILogger<BreachNoticeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(e.Message);
            }

            try
            {
                await Task.Delay(options.Value.DeliveryPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the deliveries that are due; returns how many were attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var sender = scope.ServiceProvider.GetRequiredService<NoticeSender>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Set<ShipmentDelivery>()
            .Where(d => d.DeliveredAt == null && !d.Abandoned && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(50)
            .ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            var (delivered, detail) = await sender.SendAsync(delivery, cancellationToken);
            delivery.Attempts++;
            delivery.LastDetail = detail.Length > 1000 ? detail[..1000] : detail;
            var settings = options.Value;
            if (delivered)
            {
                delivery.DeliveredAt = time.GetUtcNow().UtcDateTime;
            }
            else if (delivery.Attempts >= settings.MaxDeliveryAttempts)
            {
                delivery.Abandoned = true;
                LogAbandoned(delivery.Channel, delivery.Target, delivery.OrderRef, detail);
            }
            else
            {
                delivery.NextAttemptAt = time.GetUtcNow().UtcDateTime + (settings.RetryDelay * Math.Pow(2, delivery.Attempts - 1));
                LogRetrying(delivery.Channel, delivery.Target, delivery.Attempts, detail);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach notice delivery pass failed: {Error}")]
    private partial void LogPassFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach notice by {Channel} to {Target}, attempt {Attempt} failed: {Detail}; retrying")]
    private partial void LogRetrying(string channel, string target, int attempt, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Breach notice by {Channel} to {Target} for order {OrderRef} abandoned after the last attempt: {Detail}")]
    private partial void LogAbandoned(string channel, string target, string orderRef, string detail);
}
