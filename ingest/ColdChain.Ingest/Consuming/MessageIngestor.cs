using System.Buffers;
using ColdChain.Ingest.Storage;
using ColdChain.Protocol;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Topics;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Logging;

namespace ColdChain.Ingest.Consuming;

/// <summary>
/// One MQTT message to the store: parse the topic, decode, validate against the topic, write. Bad input comes back
/// as a rejected outcome (logged and counted); only a store failure throws, because only then must the message
/// stay unacknowledged.
/// </summary>
internal sealed class MessageIngestor(ITelemetryStore store, MessageValidator validator, IngestMetrics metrics, ILogger<MessageIngestor> logger)
{
    /// <summary>Errors listed in one log line; the rest are counted, so a 10,000-reading garbage batch stays one line.</summary>
    private const int MaxErrorsLogged = 10;

    public async Task<IngestOutcome> IngestAsync(string topic, ReadOnlySequence<byte> payload, CancellationToken cancellationToken)
    {
        if (!ColdChainTopics.TryParse(topic, out var address))
        {
            return Reject(topic, "unknown", "bad_topic", $"'{topic}' is not a coldchain/v1/{{site}}/{{gateway}}/{{kind}} topic");
        }

        var kind = address.Value.Kind.ToString().ToLowerInvariant();
        metrics.Received(kind);
        List<StoredReading> readings;
        IReadOnlyList<ValidationError> errors;
        try
        {
            (readings, errors) = address.Value.Kind switch
            {
                TopicKind.Telemetry => Telemetry(payload, address.Value),
                TopicKind.Events => Events(payload, address.Value),
                _ => ([], [new ValidationError("topic", $"ingest does not take {kind} messages")]),
            };
        }
        catch (ProtocolException e)
        {
            return Reject(topic, kind, e.Kind.ToString().ToLowerInvariant(), e.Message);
        }

        if (errors.Count > 0)
        {
            return Reject(topic, kind, "invalid", Describe(errors));
        }

        if (readings.Count > 0)
        {
            await store.WriteAsync(readings, cancellationToken);
            metrics.Stored(readings.Count);
            IngestLog.Stored(logger, readings.Count, topic);
        }

        return IngestOutcome.Stored(readings.Count);
    }

    private (List<StoredReading> Readings, IReadOnlyList<ValidationError> Errors) Telemetry(ReadOnlySequence<byte> payload, TopicAddress address)
    {
        var batch = ProtocolCodec.DecodeTelemetry(Contiguous(payload));
        var errors = validator.Validate(batch, address);
        return errors.Count == 0 ? (ReadingMapping.FromTelemetry(batch), errors) : ([], errors);
    }

    private (List<StoredReading> Readings, IReadOnlyList<ValidationError> Errors) Events(ReadOnlySequence<byte> payload, TopicAddress address)
    {
        var batch = ProtocolCodec.DecodeEvents(Contiguous(payload));
        IReadOnlyList<ValidationError> errors = [.. validator.Validate(batch, address)];
        if (errors.Count == 0)
        {
            errors = [.. ReadingMapping.StorageProblems(batch)];
        }

        return errors.Count == 0 ? (ReadingMapping.FromEvents(batch), errors) : ([], errors);
    }

    private IngestOutcome Reject(string topic, string kind, string reason, string detail)
    {
        metrics.Rejected(kind, reason);
        IngestLog.Rejected(logger, topic, reason, detail);
        return IngestOutcome.Rejected(reason, detail);
    }

    /// <summary>MQTTnet hands the payload as a sequence; the codec reads one span (a copy only when it is fragmented).</summary>
    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();

    private static string Describe(IReadOnlyList<ValidationError> errors)
    {
        var shown = string.Join("; ", errors.Take(MaxErrorsLogged));
        return errors.Count > MaxErrorsLogged ? $"{shown}; and {errors.Count - MaxErrorsLogged} more" : shown;
    }
}
