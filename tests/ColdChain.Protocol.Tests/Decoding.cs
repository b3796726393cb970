using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Tests;

/// <summary>Runs every decoder on one payload and reports what each did, so tests can assert the codec's one-exception contract.</summary>
internal static class Decoding
{
    public static IEnumerable<(string Decoder, Exception? Thrown)> AllDecoders(byte[] payload, int maxPayloadBytes = ProtocolCodec.DefaultMaxPayloadBytes)
    {
        yield return ("telemetry", Catch(() => ProtocolCodec.DecodeTelemetry(payload, maxPayloadBytes)));
        yield return ("events", Catch(() => ProtocolCodec.DecodeEvents(payload, maxPayloadBytes)));
        yield return ("status", Catch(() => ProtocolCodec.DecodeStatus(payload, maxPayloadBytes)));
    }

    /// <summary>Null when every decoder either succeeded or threw <see cref="ProtocolException"/>; otherwise a description of the escape.</summary>
    public static string? EscapedException(byte[] payload)
    {
        foreach (var (decoder, thrown) in AllDecoders(payload))
        {
            if (thrown is not null and not ProtocolException)
            {
                return $"{decoder} decoder threw {thrown.GetType().Name}: {thrown.Message}";
            }
        }

        return null;
    }

    public static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
#pragma warning disable CA1031 // The point is to see any exception at all.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
