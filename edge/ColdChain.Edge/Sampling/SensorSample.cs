using ColdChain.Protocol.Events;
using ColdChain.Protocol.Telemetry;

namespace ColdChain.Edge.Sampling;

/// <summary>What one round of reading every sensor of a gateway produced: readings, and events (door opened…) since the last round.</summary>
internal sealed record SensorSample(IReadOnlyList<Reading> Readings, IReadOnlyList<GatewayEvent> Events);
