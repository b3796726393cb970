using System.ComponentModel.DataAnnotations;
using ColdChain.Protocol.Validation;

namespace ColdChain.Ingest.Validating;

/// <summary>Section <c>Ingest:Validation</c>: what ingest accepts as a plausible message; the rest is dead-lettered.</summary>
public sealed class ValidationOptions
{
    /// <summary>How far ahead of ingest's clock a measurement may be (gateway clock drift).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxClockAhead { get; set; } = ValidationLimits.Default.MaxClockAhead;

    /// <summary>How old a measurement may be: a truck's backlog after a month without network is still accepted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = ValidationLimits.Default.MaxAge;

    /// <summary>Larger payloads are refused before decoding: a junk megabyte costs no parse.</summary>
    [Range(256, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    [Range(1, 100_000)]
    public int MaxReadingsPerBatch { get; set; } = ValidationLimits.Default.MaxReadingsPerBatch;

    [Range(1, 100_000)]
    public int MaxEventsPerBatch { get; set; } = ValidationLimits.Default.MaxEventsPerBatch;

    public ValidationLimits ToLimits() => ValidationLimits.Default with
    {
        MaxClockAhead = MaxClockAhead,
        MaxAge = MaxAge,
        MaxReadingsPerBatch = MaxReadingsPerBatch,
        MaxEventsPerBatch = MaxEventsPerBatch,
    };
}
