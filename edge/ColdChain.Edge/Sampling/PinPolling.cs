namespace ColdChain.Edge.Sampling;

/// <summary>The watch loop of a debounced GPIO input: one <paramref name="poll"/> every <paramref name="interval"/> until cancelled.</summary>
internal static class PinPolling
{
    public static async Task RunAsync(Action poll, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                poll();
                await Task.Delay(interval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
