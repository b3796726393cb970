namespace ColdChain.Platform.Alarms.Notifications;

/// <summary>Wakes a channel's delivery loop as soon as something is queued for it, instead of waiting for its next poll.</summary>
public sealed class DeliverySignal
{
    private readonly Dictionary<string, SemaphoreSlim> _channels = new(StringComparer.Ordinal)
    {
        [CabChannel.Name] = new(0, 1),
        [EmailChannel.Name] = new(0, 1),
        [WebhookChannel.Name] = new(0, 1),
    };

    public static IReadOnlyList<string> Channels { get; } = [CabChannel.Name, EmailChannel.Name, WebhookChannel.Name];

    public void Wake(string channel)
    {
        var gate = _channels[channel];
        if (gate.CurrentCount == 0)
        {
            try
            {
                gate.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken by someone else in between: once is enough.
            }
        }
    }

    public Task WaitAsync(string channel, TimeSpan poll, CancellationToken cancellationToken) => _channels[channel].WaitAsync(poll, cancellationToken);
}
