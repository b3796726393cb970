using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace ColdChain.Edge.Gateway;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c> in the unit; systemd passes <c>WATCHDOG_USEC</c>) at half its period,
/// but only while sampling makes progress: a gateway whose sampler hangs is restarted by systemd, not kept alive by a
/// timer that still ticks. Outside systemd (no notifier) it does nothing.
/// </summary>
internal sealed class SystemdWatchdog(ISystemdNotifier? notifier, HardwareGatewayService gateway, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (notifier is not { IsEnabled: true } || !long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), out var usec) || usec <= 0)
        {
            return;
        }

        var period = TimeSpan.FromMicroseconds(usec);
        var stale = TimeSpan.FromTicks(Math.Max(gateway.SampleInterval.Ticks * 3, period.Ticks));
        var started = time.GetUtcNow();
        try
        {
            while (true)
            {
                var last = gateway.LastSampleAt ?? started;
                if (time.GetUtcNow() - last < stale)
                {
                    notifier.Notify(new ServiceState("WATCHDOG=1"));
                }

                await Task.Delay(period / 2, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
