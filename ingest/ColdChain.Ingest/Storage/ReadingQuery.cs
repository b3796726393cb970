using ColdChain.Protocol.Telemetry;

namespace ColdChain.Ingest.Storage;

/// <summary>Readings of one asset in [From, To), optionally of one quantity, oldest first.</summary>
public sealed record ReadingQuery(string Asset, DateTimeOffset From, DateTimeOffset To, Quantity? Quantity = null);
