using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage;

/// <summary>
/// One reading as the telemetry store keeps it (DESIGN: measurement per quantity; tags site, gateway, asset, sensor;
/// fields value and status; time = measurement time, ms precision). The key (quantity, site, gateway, asset, sensor, time)
/// identifies it: writing the same key again overwrites it with itself, so replays are idempotent.
/// </summary>
public sealed record StoredReading(
    string Site,
    string Gateway,
    string Asset,
    string Sensor,
    Quantity Quantity,
    DateTimeOffset Time,
    double? Value,
    ReadingStatus Status);
