namespace ColdChain.Platform.Live;

/// <summary>The hub's <c>reading</c> message: every reading the alarm monitor sees, to the asset's group.</summary>
public sealed record LiveReading(string Asset, string Sensor, string Quantity, double? Value, string Unit, string Status, DateTimeOffset Time);
