using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ColdChain.Protocol.Alerts;
using ColdChain.Protocol.Events;
using ColdChain.Protocol.Status;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Protocol.Codec;

/// <summary>
/// UTF-8 JSON encoding of the wire messages. Decoding never throws anything but <see cref="ProtocolException"/>,
/// whatever bytes arrive: that is the contract ingest relies on to dead-letter bad input and keep going.
/// </summary>
public static class ProtocolCodec
{
    /// <summary>Default ceiling for one payload; a day of 64 sensors at 30 s in one batch is about 2 MB, so gateways chunk.</summary>
    public const int DefaultMaxPayloadBytes = 1024 * 1024;

    public static byte[] Encode(TelemetryBatch batch) => Encode(batch, ProtocolJsonContext.Default.TelemetryBatch);

    public static byte[] Encode(EventBatch batch) => Encode(batch, ProtocolJsonContext.Default.EventBatch);

    public static byte[] Encode(GatewayStatus status) => Encode(status, ProtocolJsonContext.Default.GatewayStatus);

    public static byte[] Encode(CabAlert alert) => Encode(alert, ProtocolJsonContext.Default.CabAlert);

    public static CabAlert DecodeAlert(ReadOnlySpan<byte> payload, int maxPayloadBytes = DefaultMaxPayloadBytes) =>
        Decode(payload, ProtocolJsonContext.Default.CabAlert, CabAlert.SchemaId, a => a.Schema, maxPayloadBytes);

    public static TelemetryBatch DecodeTelemetry(ReadOnlySpan<byte> payload, int maxPayloadBytes = DefaultMaxPayloadBytes) =>
        Decode(payload, ProtocolJsonContext.Default.TelemetryBatch, TelemetryBatch.SchemaId, b => b.Schema, maxPayloadBytes);

    public static EventBatch DecodeEvents(ReadOnlySpan<byte> payload, int maxPayloadBytes = DefaultMaxPayloadBytes) =>
        Decode(payload, ProtocolJsonContext.Default.EventBatch, EventBatch.SchemaId, b => b.Schema, maxPayloadBytes);

    public static GatewayStatus DecodeStatus(ReadOnlySpan<byte> payload, int maxPayloadBytes = DefaultMaxPayloadBytes) =>
        Decode(payload, ProtocolJsonContext.Default.GatewayStatus, GatewayStatus.SchemaId, s => s.Schema, maxPayloadBytes);

    private static byte[] Encode<T>(T message, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.SerializeToUtf8Bytes(message, typeInfo);
    }

    private static T Decode<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> typeInfo, string schemaId, Func<T, string> schemaOf, int maxPayloadBytes)
        where T : class
    {
        if (payload.Length > maxPayloadBytes)
        {
            throw new ProtocolException(ProtocolErrorKind.TooLarge, $"payload is {payload.Length} bytes; at most {maxPayloadBytes} are accepted");
        }

        if (payload.IsEmpty)
        {
            throw new ProtocolException(ProtocolErrorKind.Malformed, "payload is empty");
        }

        T? message;
        try
        {
            message = JsonSerializer.Deserialize(payload, typeInfo);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? string.Empty : $" at {e.Path}";
            throw new ProtocolException(ProtocolErrorKind.Malformed, $"not a valid {schemaId} message{where}: {FirstLine(e.Message)}", e);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new ProtocolException(ProtocolErrorKind.Malformed, $"not a valid {schemaId} message: {FirstLine(e.Message)}", e);
        }

        if (message is null)
        {
            throw new ProtocolException(ProtocolErrorKind.Malformed, $"payload is JSON null, not a {schemaId} message");
        }

        var schema = schemaOf(message);
        if (!string.Equals(schema, schemaId, StringComparison.Ordinal))
        {
            throw new ProtocolException(ProtocolErrorKind.UnknownSchema, $"schema '{schema}' is not '{schemaId}'");
        }

        return message;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
