using System.Diagnostics;

namespace ColdChain.Ingest.LoadTest.Load;

/// <summary>Publishes a fleet's messages at a steady rate (open loop: the fleet does not slow down because ingest does).</summary>
public static class Pacer
{
    /// <returns>Messages published (acknowledged by the broker).</returns>
    public static async Task<long> RunAsync(
        Fleet fleet, LoadPublisher publisher, double readingsPerSecond, TimeSpan duration, long maxReadings, CancellationToken cancellationToken)
    {
        var messagesPerSecond = readingsPerSecond / fleet.Shape.ReadingsPerMessage;
        var maxMessages = maxReadings / fleet.Shape.ReadingsPerMessage;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (clock.Elapsed < duration && sent < maxMessages && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min((long)(clock.Elapsed.TotalSeconds * messagesPerSecond), maxMessages);
            if (sent >= due)
            {
                await Task.Delay(1, cancellationToken);
                continue;
            }

            // A slow publisher never catches up past the end: the run lasts its duration, not its backlog.
            for (; sent < due && clock.Elapsed < duration; sent++)
            {
                var (topic, batch) = fleet.Next();
                await publisher.StartPublishAsync(topic, Fleet.Encode(batch), cancellationToken);
            }
        }

        await publisher.DrainAsync(cancellationToken);
        return sent;
    }
}
