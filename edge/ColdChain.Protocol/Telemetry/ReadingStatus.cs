using System.Text.Json.Serialization;
using ColdChain.Protocol.Codec;

namespace ColdChain.Protocol.Telemetry;

/// <summary>The gateway's verdict on a reading. A faulty sensor yields <see cref="SensorFault"/> and no value, never a bogus number.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ReadingStatus>))]
public enum ReadingStatus
{
    Ok,
    SensorFault,
    OutOfRange,
}

public static class ReadingStatusExtensions
{
    public static string WireName(this ReadingStatus status) => status switch
    {
        ReadingStatus.Ok => "ok",
        ReadingStatus.SensorFault => "sensor_fault",
        ReadingStatus.OutOfRange => "out_of_range",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };

    public static bool TryParseWireName(string? name, out ReadingStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReadingStatus>())
        {
            if (string.Equals(candidate.WireName(), name, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
