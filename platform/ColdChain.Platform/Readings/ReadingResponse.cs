using ColdChain.Ingest.Storage;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Platform.Readings;

/// <param name="CalibrationOverdue">The sensor is registered and has no calibration certificate in force: shown beside every reading.</param>
public sealed record ReadingResponse(string Sensor, DateTimeOffset Time, Quantity Quantity, string Unit, double? Value, ReadingStatus Status, bool CalibrationOverdue)
{
    public static ReadingResponse From(StoredReading r, bool calibrationOverdue) => new(r.Sensor, r.Time, r.Quantity, r.Quantity.CanonicalUnit(), r.Value, r.Status, calibrationOverdue);
}
