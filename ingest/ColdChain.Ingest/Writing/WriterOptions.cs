using System.ComponentModel.DataAnnotations;

namespace ColdChain.Ingest.Writing;

/// <summary>Section <c>Ingest:Writer</c>: how messages are gathered into store writes, and how store failures are ridden out.</summary>
public sealed class WriterOptions
{
    /// <summary>A batch is written once it holds this many readings (InfluxDB likes about 5,000 points per write)…</summary>
    [Range(1, 100_000)]
    public int MaxBatchReadings { get; set; } = 5_000;

    /// <summary>
    /// …or this many messages. Keep it at most <c>Ingest:ReceiveMaximum</c> ÷ <see cref="MaxBatchesInFlight"/>: the
    /// broker sends no more unacknowledged messages than the receive maximum, so a larger batch could only fill by time.
    /// </summary>
    [Range(1, 65_535)]
    public int MaxBatchMessages { get; set; } = 400;

    /// <summary>…or when its first message has waited this long: a quiet site's readings are not held back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Batches being written at once; more wait (and so do their acknowledgements): memory stays bounded.</summary>
    [Range(1, 64)]
    public int MaxBatchesInFlight { get; set; } = 2;

    /// <summary>Quick retries of one write (exponential backoff with jitter) before the batch is held back.</summary>
    [Range(1, 20)]
    public int RetryAttempts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the circuit stays open after the store kept failing: writes are not attempted meanwhile.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts at a held batch during an outage (the wait doubles up to it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxHoldDelay { get; set; } = TimeSpan.FromSeconds(10);
}
