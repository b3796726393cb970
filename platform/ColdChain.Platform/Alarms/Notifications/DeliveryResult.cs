namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>
/// How a delivery went, for the record: a failed channel is recorded, never thrown at the evaluator.
/// <paramref name="Permanent"/>: the receiver refused for good (a 4xx), so retrying cannot help.
/// </summary>
public sealed record DeliveryResult(string Channel, bool Delivered, int Attempts, string Detail, bool Permanent = false);
