namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>How a delivery went, for the alarm's record: a failed channel is recorded, never thrown at the evaluator.</summary>
public sealed record DeliveryResult(string Channel, bool Delivered, int Attempts, string Detail);
