using System.Buffers;
using ColdChain.Ingest.DeadLetters;
using ColdChain.Ingest.Gateways;
using ColdChain.Ingest.Sequencing;
using ColdChain.Ingest.Storage;
using ColdChain.Ingest.Writing;
using ColdChain.Protocol;
using ColdChain.Protocol.Codec;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;
using ColdChain.Protocol.Topics;
using ColdChain.Protocol.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ColdChain.Ingest.Consuming;

/// <summary>
/// One MQTT message to what the stores must keep: parse the topic, check the size, decode, validate against the topic.
/// Good input becomes readings plus a batch receipt; bad input becomes a dead letter with its precise reason (logged and
/// counted). Either way the result goes to the <see cref="BatchingWriter"/>, which acknowledges after the write.
/// </summary>
internal sealed class MessageIngestor(MessageValidator validator, IOptions<IngestOptions> options, IngestMetrics metrics, TimeProvider time, ILogger<MessageIngestor> logger)
{
    /// <summary>Errors listed in one log line and dead letter; the rest are counted, so a 10,000-reading garbage batch stays one line.</summary>
    private const int MaxErrorsListed = 10;

    private readonly int _maxPayloadBytes = options.Value.Validation.MaxPayloadBytes;

    /// <param name="retained">
    /// The broker sent a retained message because we subscribed (not because it was just published): an old status,
    /// whose moment is already recorded or cannot be known.
    /// </param>
    public PendingMessage Prepare(string topic, ReadOnlySequence<byte> payload, Func<CancellationToken, Task> acknowledge, bool retained = false)
    {
        if (!ColdChainTopics.TryParse(topic, out var parsed))
        {
            return Reject(topic, null, "unknown", "bad_topic", $"'{topic}' is not a coldchain/v1/{{site}}/{{gateway}}/{{kind}} topic", payload, acknowledge);
        }

        var address = parsed.Value;
        var kind = address.Kind.ToString().ToLowerInvariant();
        metrics.Received(kind);
        if (payload.Length > _maxPayloadBytes)
        {
            return Reject(topic, address, kind, "too_large", $"the payload has {payload.Length} bytes; at most {_maxPayloadBytes} are accepted", payload, acknowledge);
        }

        try
        {
            switch (address.Kind)
            {
                case TopicKind.Telemetry:
                {
                    var batch = ProtocolCodec.DecodeTelemetry(Contiguous(payload));
                    var errors = validator.Validate(batch, address);
                    if (errors.Count > 0)
                    {
                        return Reject(topic, address, kind, "invalid", Describe(errors), payload, acknowledge);
                    }

                    var readings = ReadingMapping.FromTelemetry(batch);
                    return new PendingMessage(topic, readings, null, Receipt(batch), acknowledge) { NewestReading = Newest(batch.Readings) };
                }

                case TopicKind.Events:
                {
                    var batch = ProtocolCodec.DecodeEvents(Contiguous(payload));
                    IReadOnlyList<ValidationError> errors = [.. validator.Validate(batch, address)];
                    if (errors.Count == 0)
                    {
                        errors = [.. ReadingMapping.StorageProblems(batch)];
                    }

                    if (errors.Count > 0)
                    {
                        return Reject(topic, address, kind, "invalid", Describe(errors), payload, acknowledge);
                    }

                    var readings = ReadingMapping.FromEvents(batch);
                    return new PendingMessage(topic, readings, null, null, acknowledge)
                    {
                        NewestReading = readings.Count > 0 ? readings.Max(r => r.Time) : null,
                        Observations = ReadingMapping.PowerChanges(batch),
                    };
                }

                case TopicKind.Status:
                {
                    var status = ProtocolCodec.DecodeStatus(Contiguous(payload), _maxPayloadBytes);
                    var errors = validator.Validate(status, address);
                    if (errors.Count > 0)
                    {
                        return Reject(topic, address, kind, "invalid", Describe(errors), payload, acknowledge);
                    }

                    return new PendingMessage(topic, [], null, null, acknowledge) { Observations = StatusObservation(status, retained) };
                }

                default:
                    return Reject(topic, address, kind, "invalid", $"topic: ingest does not take {kind} messages", payload, acknowledge);
            }
        }
        catch (ProtocolException e)
        {
            return Reject(topic, address, kind, e.Kind.ToString().ToLowerInvariant(), e.Message, payload, acknowledge);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The codec promises ProtocolException only; if a payload ever breaks that promise it is still bad input,
            // and a message left neither stored nor refused would hold a receive slot until the next reconnect.
            return Reject(topic, address, kind, "undecodable", $"{e.GetType().Name}: {e.Message}", payload, acknowledge);
        }
    }

    /// <summary>
    /// An online status counts at its own time. An offline one (the Last Will, whose time is that of the connect that
    /// registered it, or a clean stop) counts when it arrived; a retained offline replayed at subscribe time is skipped.
    /// </summary>
    private List<GatewayObservation> StatusObservation(GatewayStatus status, bool retained) => status.State switch
    {
        GatewayState.Online => [GatewayObservation.Status(status.Site, status.Gateway, status.Time, GatewayState.Online, status.Health)],
        _ when retained => [],
        _ => [GatewayObservation.Status(status.Site, status.Gateway, time.GetUtcNow(), GatewayState.Offline, null)],
    };

    private static BatchReceipt Receipt(TelemetryBatch batch)
    {
        var first = batch.Readings[0].Time;
        var last = first;
        foreach (var reading in batch.Readings)
        {
            first = reading.Time < first ? reading.Time : first;
            last = reading.Time > last ? reading.Time : last;
        }

        return new BatchReceipt(batch.Site, batch.Gateway, batch.Seq, first, last);
    }

    private static DateTimeOffset Newest(IReadOnlyList<Reading> readings)
    {
        var newest = readings[0].Time;
        foreach (var reading in readings)
        {
            newest = reading.Time > newest ? reading.Time : newest;
        }

        return newest;
    }

    private PendingMessage Reject(
        string topic, TopicAddress? address, string kind, string reason, string detail, ReadOnlySequence<byte> payload, Func<CancellationToken, Task> acknowledge)
    {
        metrics.Rejected(kind, reason);
        IngestLog.Rejected(logger, topic, reason, detail);

        // Only the head of a huge payload is kept; copying just that much keeps a flood of junk cheap.
        var head = payload.Slice(0, Math.Min(payload.Length, DeadLetter.MaxStoredPayloadBytes)).ToArray();
        var letter = DeadLetter.Create(time.GetUtcNow(), topic, address?.Site, address?.Gateway, reason, detail, head) with { PayloadBytes = (int)Math.Min(payload.Length, int.MaxValue) };
        return new PendingMessage(topic, [], letter, null, acknowledge);
    }

    /// <summary>MQTTnet hands the payload as a sequence; the codec reads one span (a copy only when it is fragmented).</summary>
    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();

    private static string Describe(IReadOnlyList<ValidationError> errors)
    {
        var shown = string.Join("; ", errors.Take(MaxErrorsListed));
        return errors.Count > MaxErrorsListed ? $"{shown}; and {errors.Count - MaxErrorsListed} more" : shown;
    }
}
