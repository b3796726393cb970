using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Readings;

public sealed record ReadingResponse(string Sensor, DateTimeOffset Time, Quantity Quantity, string Unit, double? Value, ReadingStatus Status)
{
    public static ReadingResponse From(StoredReading r) => new(r.Sensor, r.Time, r.Quantity, r.Quantity.CanonicalUnit(), r.Value, r.Status);
}
